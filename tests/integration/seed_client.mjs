// The integration example from the seed's README (shared/seed/motion-worker-README.md),
// copied as written except for the TypeScript annotation on `manimCode`, plus a driver:
//   WORKER_URL=http://localhost:3001 node seed_client.mjs scene.py
import { readFileSync } from "node:fs";

// Example using fetch in another Node.js service
async function generateVideo(manimCode) {
  try {
    const response = await fetch(`${process.env.WORKER_URL}/api/render`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        codeContent: manimCode,
        quality: "-qm", // medium quality
      }),
    });

    if (!response.ok) {
      const errorData = await response.json();
      throw new Error(errorData.message || "Failed to render video.");
    }

    const { s3Key } = await response.json();
    console.log(`Video uploaded successfully. S3 Key: ${s3Key}`);

    // You can now store this s3Key in your database.
    return s3Key;
  } catch (error) {
    console.error("Error calling worker service:", error);
  }
}

const key = await generateVideo(readFileSync(process.argv[2], "utf8"));
process.exit(key ? 0 : 1);
