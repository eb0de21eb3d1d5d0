// The baseline for bench/http: the seed motion worker's Express set-up and /health route,
// nothing else. Run with NODE_PATH=bench/.node/node_modules and PORT set.
const express = require('express');
const cors = require('cors');
const app = express();
app.use(cors());
app.use(express.json());
app.get('/health', (req, res) => res.status(200).json({ message: 'Health is OK' }));
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
