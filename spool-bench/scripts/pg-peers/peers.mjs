// Measures a peer queue on the server that DATABASE_URL names: bulk enqueue of N no-op jobs, then work
// until none is left. Usage: node peers.mjs <graphile-batched|graphile-default|pgboss-batch50> <jobs>
import pg from "pg";

const [mode, jobsArg] = process.argv.slice(2);
const jobs = Number(jobsArg);
const url = process.env.DATABASE_URL;
const client = new pg.Client({ connectionString: url });
await client.connect();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

async function waitUntil(sql) {
  for (;;) {
    const { rows } = await client.query(sql);
    if (Number(rows[0].n) === 0) return;
    await sleep(20);
  }
}

function report(name, enqueueSeconds, workSeconds) {
  console.log(`${name} jobs=${jobs} enqueue=${Math.round(jobs / enqueueSeconds)}/s (${enqueueSeconds.toFixed(3)} s)`
    + ` work=${Math.round(jobs / workSeconds)}/s (${workSeconds.toFixed(3)} s)`);
}

if (mode.startsWith("graphile")) {
  const { run, makeWorkerUtils, Logger } = await import("graphile-worker");
  const logger = new Logger(() => () => {}); // a log line per job would measure the console
  const utils = await makeWorkerUtils({ connectionString: url, logger });
  await utils.migrate();
  await client.query("DELETE FROM graphile_worker._private_jobs");
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < jobs; i += 10000) {
    const batch = [];
    for (let j = i; j < Math.min(jobs, i + 10000); j++) batch.push({ identifier: "noop", payload: {} });
    await utils.addJobs(batch);
  }
  const enqueueSeconds = seconds(t0);
  const batched = mode === "graphile-batched";
  const preset = batched
    ? { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } }
    : undefined;
  t0 = process.hrtime.bigint();
  const runner = await run({
    connectionString: url, concurrency: batched ? 10 : 1, noHandleSignals: true, pollInterval: 1000,
    taskList: { noop: async () => {} }, preset, logger,
  });
  await waitUntil("SELECT count(*) AS n FROM graphile_worker._private_jobs");
  const workSeconds = seconds(t0);
  await runner.stop();
  await utils.release();
  report(batched ? "graphile-worker(batched: localQueue 500, concurrency 10)" : "graphile-worker(defaults)",
    enqueueSeconds, workSeconds);
} else if (mode === "pgboss-batch50") {
  const { PgBoss } = await import("pg-boss");
  const boss = new PgBoss({ connectionString: url });
  boss.on("error", (e) => console.error(e));
  await boss.start();
  await boss.createQueue("noop");
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < jobs; i += 10000) {
    const batch = [];
    for (let j = i; j < Math.min(jobs, i + 10000); j++) batch.push({ data: {} });
    await boss.insert("noop", batch);
  }
  const enqueueSeconds = seconds(t0);
  t0 = process.hrtime.bigint();
  await boss.work("noop", { batchSize: 50, burstWhenBatchFull: true }, async () => {});
  await waitUntil("SELECT count(*) AS n FROM pgboss.job WHERE name = 'noop' AND state <> 'completed'");
  const workSeconds = seconds(t0);
  await boss.stop({ graceful: true, wait: true });
  report("pg-boss(batchSize 50, burstWhenBatchFull)", enqueueSeconds, workSeconds);
} else {
  throw new Error(`unknown mode ${mode}`);
}
await client.end();
