// What both MCP tests need beside the server (serve.mjs): timed log lines, checks that
// throw, bounded polling, an overall time budget, and the scenes they render.
export const started = Date.now();
export const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s]`, ...a);
export function check(cond, message) {
  if (!cond) throw new Error(message);
}
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls `probe` until it returns a truthy value; fails after `ms`.
export async function until(what, ms, probe) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    check(Date.now() < end, `timed out waiting for ${what}`);
    await sleep(200);
  }
}

// Fails the test when it runs over `ms`; a signal exits through process.on("exit") hooks.
export function limitRun(ms) {
  setTimeout(() => {
    console.error(`FAIL: over the ${ms / 1000} s budget`);
    process.exit(1);
  }, ms);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(1));
}

export const RENDER_SCENE = `from manim import *


class Steps(Scene):
    def construct(self):
        square = Square()
        self.play(Create(square))
        for _ in range(4):
            self.play(square.animate.shift(RIGHT * 0.5), run_time=0.5)
`;
// Long enough to still be running whenever it is cancelled.
export const LONG_SCENE = `from manim import *


class Long(Scene):
    def construct(self):
        square = Square()
        for _ in range(200):
            self.play(Rotate(square, PI / 8), run_time=1)
`;
