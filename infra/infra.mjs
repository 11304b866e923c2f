#!/usr/bin/env node
// Local infrastructure without Docker: a single-node Kafka broker (KRaft) assembled from Maven Central
// jars and FerretDB (SQLite backend) built from its embeddable Go package. Idempotent: a second `up` is fast.
//   node infra/infra.mjs up | down | status | provision
// With MONGODB_URI / KAFKA_BROKERS set, those servers are used and nothing is started for them.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KAFKA_VERSION = '3.9.1';
const FERRETDB_VERSION = 'v1.24.2';

export const TOPICS = [
  'ccp.registry.cluster.v1',
  'ccp.economies.economy.v1',
  'ccp.economies.kpi.v1',
  'ccp.matchmaking.offer.v1',
  'ccp.matchmaking.request.v1',
  'ccp.matchmaking.workshop.v1',
  'ccp.matchmaking.collaboration.v1',
  'ccp.surveys.campaign.v1',
  'ccp.surveys.response.v1',
  'ccp.accounts.user.v1',
  'ccp.notifications.v1',
  'ccp.deadletter.v1',
];

const env = process.env;
const cacheDir = resolve(env.CCP_CACHE_DIR ?? join(homedir(), '.cache', 'ccp'));
const dataDir = resolve(env.CCP_DATA_DIR ?? join(root, '.data'));
const logDir = join(dataDir, 'logs');
const runDir = join(dataDir, 'run');
const kafkaPort = Number(env.KAFKA_PORT ?? 9092);
const controllerPort = Number(env.KAFKA_CONTROLLER_PORT ?? 9093);
const ferretPort = Number(env.FERRETDB_PORT ?? 27017);
const externalKafka = env.KAFKA_BROKERS;
const externalMongo = env.MONGODB_URI;
const kafkaBrokers = (externalKafka ?? `127.0.0.1:${kafkaPort}`).split(',');
const mongoUri = externalMongo ?? `mongodb://127.0.0.1:${ferretPort}/`;

const kafkaLibs = join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
const ferretSrc = join(root, 'infra', 'ferretdb');
const ferretHash = createHash('sha256')
  .update(['main.go', 'go.mod', 'go.sum'].map((f) => readFileSync(join(ferretSrc, f), 'utf8')).join('\0'))
  .digest('hex')
  .slice(0, 12);
const ferretBin = join(cacheDir, `ferretdb-${FERRETDB_VERSION}-${ferretHash}`, 'ccp-ferretdb');

const say = (msg) => console.log(`[infra] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(cmd, args, opts = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (result.status !== 0) {
    const out = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${out}`);
  }
  return { ...result, ms: Date.now() - started };
}

function provisionKafka() {
  const marker = join(kafkaLibs, '.complete');
  if (existsSync(marker)) return false;
  say(`resolving Kafka ${KAFKA_VERSION} jars with Maven into ${kafkaLibs} (first run only)`);
  mkdirSync(kafkaLibs, { recursive: true });
  const { ms } = run('mvn', [
    '-q',
    '-B',
    '-f',
    join(root, 'infra', 'kafka', 'pom.xml'),
    `-Dkafka.version=${KAFKA_VERSION}`,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${kafkaLibs}`,
    '-DincludeScope=runtime',
  ]);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  say(`Kafka jars ready (${(ms / 1000).toFixed(1)} s, ${readdirSync(kafkaLibs).length - 1} jars)`);
  return true;
}

function provisionFerret() {
  if (existsSync(ferretBin)) return false;
  say(`building FerretDB ${FERRETDB_VERSION} (SQLite backend) with go build into ${dirname(ferretBin)} (first run only)`);
  mkdirSync(dirname(ferretBin), { recursive: true });
  const { ms } = run('go', ['build', '-trimpath', '-o', ferretBin, '.'], {
    cwd: ferretSrc,
    env: { ...env, CGO_ENABLED: '0' },
  });
  say(`FerretDB built (${(ms / 1000).toFixed(1)} s)`);
  return true;
}

export const chromiumPath = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless Chromium as the browser tests and benches launch it: no network of its own, software WebGL. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
];

/** The browser tests drive Debian's Chromium; install it when missing (root with apt-get, as on CI). */
export function ensureChromium() {
  if (existsSync(chromiumPath)) return chromiumPath;
  say('installing Chromium from Debian packages for the browser tests (first run only)');
  const apt = { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } };
  run('apt-get', ['update', '-qq'], apt);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], apt);
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is not at ${chromiumPath} after installing it`);
  return chromiumPath;
}

const pidFile = (name) => join(runDir, `${name}.pid`);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function runningPid(name) {
  if (!existsSync(pidFile(name))) return undefined;
  const pid = Number(readFileSync(pidFile(name), 'utf8'));
  return pid && alive(pid) ? pid : undefined;
}

function startDetached(name, cmd, args) {
  mkdirSync(logDir, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  const log = openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', log, log], cwd: dataDir });
  closeSync(log);
  child.unref();
  writeFileSync(pidFile(name), String(child.pid));
  return child.pid;
}

function kafkaProperties() {
  const logDirs = join(dataDir, 'kafka', 'data');
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${kafkaPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${kafkaPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDirs}`,
    'num.partitions=6',
    'default.replication.factor=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    // Read models are rebuilt by replaying topics from the start, so local topics keep everything.
    'log.retention.ms=-1',
    '',
  ].join('\n');
}

function javaArgs(mainClass, extra) {
  return [
    `-Xms128m`,
    `-Xmx${env.KAFKA_HEAP ?? '512m'}`,
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(root, 'infra', 'kafka', 'log4j.properties')}`,
    `-Dkafka.logs.dir=${logDir}`,
    '-cp',
    `${kafkaLibs}/*`,
    mainClass,
    ...extra,
  ];
}

async function kafkaAnswers(timeoutMs) {
  const kafka = new Kafka({
    clientId: 'ccp-infra',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      await admin.disconnect();
      return cluster;
    } catch (err) {
      await admin.disconnect().catch(() => {});
      if (Date.now() > deadline) throw new Error(`Kafka at ${kafkaBrokers.join(',')} does not answer: ${err.message}`);
      await sleep(500);
    }
  }
}

async function mongoAnswers(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const conn = mongoose.createConnection(mongoUri, { serverSelectionTimeoutMS: 1000 });
    try {
      await conn.asPromise();
      const pong = await conn.db.admin().ping();
      const build = await conn.db.admin().command({ buildInfo: 1 });
      await conn.close();
      return { pong, version: build.version, ferretdb: build.ferretdbVersion };
    } catch (err) {
      await conn.close().catch(() => {});
      if (Date.now() > deadline) throw new Error(`MongoDB at ${mongoUri} does not answer: ${err.message}`);
      await sleep(300);
    }
  }
}

/** Deletes every topic with the prefix (never the platform's own): a test run starts from empty topics. */
export async function deletePrefixedTopics(prefix) {
  if (!prefix) throw new Error('refusing to delete the platform topics');
  const kafka = new Kafka({ clientId: 'ccp-infra', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length === 0) return;
    await admin.deleteTopics({ topics, timeout: 30_000 });
    const deadline = Date.now() + 30_000;
    while ((await admin.listTopics()).some((t) => topics.includes(t)) && Date.now() < deadline) await sleep(250);
    say(`deleted ${topics.length} ${prefix}* topics`);
  } finally {
    await admin.disconnect();
  }
}

/** Creates the platform's topics (with a prefix: the test suites' own set) where missing. */
/**
 * A freshly formatted broker creates its offsets topic on the first group request and answers
 * NOT_COORDINATOR_FOR_GROUP until it is ready; services that read committed offsets at start (surveys) then
 * exited on a clean machine. Ready means a group's offsets can be fetched.
 */
async function waitForGroupCoordinator() {
  const kafka = new Kafka({ clientId: 'ccp-infra', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        await admin.fetchOffsets({ groupId: 'ccp-infra-probe', topics: [TOPICS[0]] });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`Kafka's group coordinator is not ready after 90 s: ${err.message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export async function ensureTopics(prefix = '') {
  const kafka = new Kafka({ clientId: 'ccp-infra', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = TOPICS.map((t) => `${prefix}${t}`).filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    // A broker that has just started can answer UNKNOWN_TOPIC_OR_PARTITION while it settles the new
    // topics' leaders, so create without waiting and then poll their metadata ourselves.
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: 6,
        replicationFactor: 1,
        // Test and benchmark topics keep a day of events; the platform's keep everything (replays).
        ...(prefix ? { configEntries: [{ name: 'retention.ms', value: String(24 * 3600 * 1000) }] } : {}),
      })),
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: missing });
        if (topics.every((t) => t.partitions.length === 6 && t.partitions.every((p) => p.leader >= 0))) break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline) throw new Error(`topics have no leaders yet: ${missing.join(', ')}`);
      await sleep(250);
    }
    say(`created topics: ${missing.join(', ')}`);
  } finally {
    await admin.disconnect();
  }
}

async function upKafka() {
  if (externalKafka) {
    say(`KAFKA_BROKERS=${externalKafka}: using it, starting no broker`);
    await kafkaAnswers(60_000);
    return false;
  }
  if (runningPid('kafka')) {
    await kafkaAnswers(60_000);
    return false;
  }
  try {
    await kafkaAnswers(1000);
    say(`a Kafka broker already answers on ${kafkaBrokers.join(',')}: using it`);
    return false;
  } catch {}
  provisionKafka();
  const kafkaDir = join(dataDir, 'kafka');
  mkdirSync(kafkaDir, { recursive: true });
  const props = join(kafkaDir, 'server.properties');
  writeFileSync(props, kafkaProperties());
  if (!existsSync(join(kafkaDir, 'data', 'meta.properties'))) {
    const clusterId = randomBytes(16).toString('base64url');
    run('java', javaArgs('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', props]));
    say(`formatted Kafka storage (cluster ${clusterId})`);
  }
  const started = Date.now();
  const pid = startDetached('kafka', 'java', javaArgs('kafka.Kafka', [props]));
  await kafkaAnswers(120_000).catch((err) => {
    throw new Error(`${err.message}\nsee ${join(logDir, 'kafka.log')}`);
  });
  say(`Kafka ${KAFKA_VERSION} up on 127.0.0.1:${kafkaPort} (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return true;
}

async function upFerret() {
  if (externalMongo) {
    say(`MONGODB_URI is set: using it, starting no FerretDB`);
    await mongoAnswers(60_000);
    return false;
  }
  if (runningPid('ferretdb')) {
    await mongoAnswers(30_000);
    return false;
  }
  try {
    await mongoAnswers(500);
    say(`a MongoDB-compatible server already answers on ${mongoUri}: using it`);
    return false;
  } catch {}
  provisionFerret();
  const started = Date.now();
  const pid = startDetached('ferretdb', ferretBin, [
    '-listen',
    `127.0.0.1:${ferretPort}`,
    '-sqlite-dir',
    join(dataDir, 'ferretdb'),
  ]);
  await mongoAnswers(60_000).catch((err) => {
    throw new Error(`${err.message}\nsee ${join(logDir, 'ferretdb.log')}`);
  });
  say(`FerretDB ${FERRETDB_VERSION} up on 127.0.0.1:${ferretPort} (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return true;
}

async function stop(name) {
  const pid = runningPid(name);
  if (!pid) {
    rmSync(pidFile(name), { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(200);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(pidFile(name), { force: true });
  say(`stopped ${name} (pid ${pid})`);
  return true;
}

async function status() {
  let ok = true;
  const kafkaPid = runningPid('kafka');
  try {
    const cluster = await kafkaAnswers(1500);
    say(
      `kafka     up   ${kafkaBrokers.join(',')}  ${kafkaPid ? `pid ${kafkaPid}, ours` : 'external'}  brokers=${cluster.brokers.length}  log ${join(logDir, 'kafka.log')}`,
    );
  } catch {
    ok = false;
    say(`kafka     down ${kafkaBrokers.join(',')}${kafkaPid ? ` (pid ${kafkaPid} alive but not answering)` : ''}`);
  }
  const ferretPid = runningPid('ferretdb');
  try {
    const info = await mongoAnswers(1500);
    say(
      `mongodb   up   ${mongoUri}  ${ferretPid ? `pid ${ferretPid}, FerretDB ${info.ferretdb ?? ''}` : `external ${info.version}`}  log ${join(logDir, 'ferretdb.log')}`,
    );
  } catch {
    ok = false;
    say(`mongodb   down ${mongoUri}${ferretPid ? ` (pid ${ferretPid} alive but not answering)` : ''}`);
  }
  say(`data folder ${dataDir}; cache ${cacheDir}`);
  return ok;
}

export async function up() {
  mkdirSync(dataDir, { recursive: true });
  const started = Date.now();
  // Provision both first (Maven and Go can run side by side), then start.
  if (!externalKafka && !existsSync(join(kafkaLibs, '.complete'))) provisionKafka();
  if (!externalMongo && !existsSync(ferretBin)) provisionFerret();
  const [kafka, ferretdb] = await Promise.all([upKafka(), upFerret()]);
  await ensureTopics();
  await waitForGroupCoordinator();
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: KAFKA_BROKERS=${kafkaBrokers.join(',')} MONGODB_URI=${mongoUri}`);
  return { started: { kafka, ferretdb }, kafkaBrokers: kafkaBrokers.join(','), mongoUri };
}

/** Stops what infra started (both, or only those named). */
export async function down(which = { kafka: true, ferretdb: true }) {
  if (which.ferretdb) await stop('ferretdb');
  if (which.kafka) await stop('kafka');
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const command = process.argv[2] ?? 'status';
  try {
    if (command === 'up') await up();
    else if (command === 'down') await down();
    else if (command === 'status') process.exitCode = (await status()) ? 0 : 1;
    else if (command === 'provision') {
      provisionKafka();
      provisionFerret();
      ensureChromium();
    } else {
      console.error('usage: node infra/infra.mjs up|down|status|provision');
      process.exitCode = 2;
    }
  } catch (err) {
    console.error(`[infra] ${err.message}`);
    process.exitCode = 1;
  }
}
