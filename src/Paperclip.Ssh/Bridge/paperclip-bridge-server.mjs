// Paperclip callback bridge, queue mode (queue_v1): the box-side half. Started by the control plane over the run's SSH
// connection as `node paperclip-bridge-server.mjs <queueDir> <maxBodyBytes> <maxQueueDepth> <responseTimeoutMs>
// [<ramDir>]`. It needs Node.js 18 or later and nothing else. It listens on 127.0.0.1 (a free port), turns each request
// into <queueDir>/requests/<id>.json (written as .tmp, then renamed) and announces it on stdout. The control plane
// sends each answer back as one JSON line on stdin; the server writes it to <queueDir>/responses/<id>.json (a temp file
// and a rename, under the box's bridge mutex, only while the request still waits and only once) and hands it to the
// waiting client. The token is read from <queueDir>/token, a file only this user can read, which is deleted at once: it
// never appears on a command line or in the environment. When the control plane's channel closes (stdin ends), the
// server exits: nothing outlives the run. requests/ and responses/ live in RAM where the box has it (placeQueue).
import { createServer } from 'node:http';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, lstatSync, unlinkSync, writeFileSync, renameSync, symlinkSync, watch, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const [queueDir, maxBodyArg, maxDepthArg, timeoutArg, ramArg] = process.argv.slice(2);
if (!queueDir) {
  process.stderr.write('usage: paperclip-bridge-server.mjs <queueDir> <maxBodyBytes> <maxQueueDepth> <responseTimeoutMs> [<ramDir>]\n');
  process.exit(2);
}

const positive = (text, fallback) => (Number.isFinite(Number(text)) && Number(text) > 0 ? Math.trunc(Number(text)) : fallback);
const maxBody = positive(maxBodyArg, 262144);
const maxDepth = positive(maxDepthArg, 64);
const responseTimeoutMs = positive(timeoutArg, 30000);
const requests = join(queueDir, 'requests');
const responses = join(queueDir, 'responses');
mkdirSync(join(queueDir, 'logs'), { recursive: true, mode: 0o700 });

// This server as a lock owner or a RAM directory's owner: `<pid>:<start token>` (see the mutex below).
const me = `${process.pid}:${startOf(process.pid)}`;
const ownerOf = (path) => { try { return readlinkSync(path); } catch { return ''; } };
const ram = placeQueue(ramArg || '/dev/shm');

const tokenFile = join(queueDir, 'token');
const token = Buffer.from(readFileSync(tokenFile, 'utf8').trim(), 'utf8');
unlinkSync(tokenFile);

const forwardedHeaders = ['accept', 'content-type', 'if-match', 'if-none-match'];
const pending = new Map(); // id -> { res, timer }: requests in the queue directory, waiting for the control plane
const backlog = []; // requests accepted beyond maxDepth, queued here in arrival order until the queue has room
const maxBacklog = maxDepth * 16;

function drain() {
  while (pending.size < maxDepth && backlog.length > 0) backlog.shift()();
}

function reply(res, status, body, headers = { 'content-type': 'application/json' }) {
  if (res.headersSent) return;
  res.writeHead(status, headers);
  res.end(body);
}

function refuse(res, status, code, message) {
  reply(res, status, JSON.stringify({ error: message, code, status, detail: message }), { 'content-type': 'application/problem+json' });
}

function authorised(header) {
  const presented = Buffer.from(typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '', 'utf8');
  return presented.length === token.length && timingSafeEqual(presented, token);
}

// A response file appears (written by another writer of the file protocol): hand it to its waiting client (once).
function deliver(id) {
  if (!pending.has(id)) return;
  let text;
  try {
    text = readFileSync(join(responses, `${id}.json`), 'utf8');
  } catch {
    return; // not there yet
  }
  let response;
  try {
    response = JSON.parse(text);
  } catch (error) {
    const waiting = take(id);
    if (waiting) refuse(waiting.res, 502, 'bridge_response_invalid', `Invalid bridge response: ${error.message}`);
    return;
  }
  const waiting = take(id);
  if (waiting) answer(waiting.res, response);
}

// Takes a request out of the queue — no longer waiting, its request and response files gone — and gives back its
// waiting client; null when nobody waits for it any more.
function take(id) {
  const waiting = pending.get(id);
  if (!waiting) return null;
  pending.delete(id);
  clearTimeout(waiting.timer);
  drain();
  try { unlinkSync(join(responses, `${id}.json`)); } catch { /* gone already */ }
  try { unlinkSync(join(requests, `${id}.json`)); } catch { /* gone already */ }
  return waiting;
}

// Answers a client as the control plane's response says.
function answer(res, response) {
  const headers = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (typeof value === 'string' && name.toLowerCase() !== 'content-length') headers[name] = value;
  }
  reply(res, typeof response.status === 'number' ? response.status : 200, typeof response.body === 'string' ? response.body : '', headers);
}

watch(responses, (_event, name) => {
  if (typeof name === 'string' && name.endsWith('.json')) deliver(name.slice(0, -5));
});
// fs.watch can miss events (network filesystems): look at the responses directory now and then too (one listing, not a
// read per waiting request).
setInterval(() => {
  if (pending.size === 0) return;
  let names;
  try {
    names = readdirSync(responses);
  } catch {
    return;
  }
  for (const name of names) if (name.endsWith('.json')) deliver(name.slice(0, -5));
}, 50).unref();

const server = createServer((req, res) => {
  if (!authorised(req.headers.authorization)) return refuse(res, 401, 'bridge_token_invalid', 'Invalid bridge token.');
  if (pending.size + backlog.length >= maxDepth + maxBacklog) return refuse(res, 503, 'bridge_queue_full', 'Bridge request queue is full.');
  const method = (req.method || 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && !/json/i.test(req.headers['content-type'] || '')) {
    return refuse(res, 415, 'bridge_json_only', 'Bridge only accepts JSON request bodies.');
  }
  const chunks = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk) => {
    if (refused) return;
    size += chunk.length;
    if (size > maxBody) {
      refused = true;
      refuse(res, 413, 'bridge_body_too_large', `Bridge request bodies are limited to ${maxBody} bytes.`);
      req.resume();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    const url = new URL(req.url || '/', 'http://bridge.invalid');
    const headers = {};
    for (const name of forwardedHeaders) {
      const value = req.headers[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const request = { id: randomUUID(), method, path: url.pathname, query: url.search, headers, body: Buffer.concat(chunks).toString('utf8'), createdAt: new Date().toISOString() };
    backlog.push(() => submit(request, res));
    drain();
  });
});

// Puts a request in the queue directory and announces it; its client waits for the response file.
function submit(request, res) {
  const id = request.id;
  try {
    const file = join(requests, `${id}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(request) + '\n', { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  } catch (error) {
    return refuse(res, 502, 'bridge_queue_write_failed', `The request could not be queued: ${error.message}`);
  }
  const timer = setTimeout(() => {
    if (take(id)) refuse(res, 502, 'bridge_response_timeout', 'Timed out waiting for host bridge response.');
  }, responseTimeoutMs);
  pending.set(id, { res, timer });
  // A response another writer puts down is seen by the watch (or the scan): pending is set before anyone learns the id.
  process.stdout.write(JSON.stringify({ event: 'request', request }) + '\n');
}

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const ready = { pid: process.pid, host: '127.0.0.1', port, baseUrl: `http://127.0.0.1:${port}`, queueFiles: ram ?? queueDir, startedAt: new Date().toISOString() };
  writeFileSync(join(queueDir, 'ready.json.tmp'), JSON.stringify(ready) + '\n');
  renameSync(join(queueDir, 'ready.json.tmp'), join(queueDir, 'ready.json'));
  process.stdout.write(JSON.stringify({ event: 'ready', ...ready }) + '\n');
});

// The box's bridge mutex, as the control plane's shell scripts take it (see RemoteMutex): a symlink whose target is
// the owner record `<pid>:<start token>`, made in one step; a dead owner's lock is broken under a breaker lock of the
// same kind, and only if it still names that owner; the wait is bounded (600 x 50 ms).
function startOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[19] ?? '';
  } catch {
    const ps = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' });
    return (ps.stdout || '').replace(/\s/g, '');
  }
}

function alive(owner) {
  const colon = owner.indexOf(':');
  const pid = Number(owner.slice(0, colon));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false;
  }
  return startOf(pid) === owner.slice(colon + 1);
}

// The queue's request and response files live for one call each: where the box has a RAM filesystem (<ramDir>,
// /dev/shm by default), requests/ and responses/ are symlinks into a private directory there (mkdtemp: 0700, a name
// nobody can guess ahead), so a call costs the box's disk no metadata writes — on a VM's disk the creates, renames and
// unlinks of a call cost more CPU than the rest of it. The layout's paths stay the same for any other writer of the
// protocol. The directory goes when the server exits; one whose server died unseen (SIGKILL) is swept by the next
// server of this user on the box (its `owner` record names a process no longer alive). Without one, plain directories.
function placeQueue(ramDir) {
  const uid = process.getuid?.();
  const prefix = `paperclip-bridge-${uid ?? 'user'}-`;
  sweepOrphans(ramDir, prefix, uid);
  let dir = null;
  try {
    dir = mkdtempSync(join(ramDir, prefix));
    symlinkSync(me, join(dir, 'owner'));
  } catch {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  }
  if (dir) process.on('exit', () => { try { rmSync(dir, { recursive: true, force: true }); } catch { /* the next sweep's */ } });
  for (const [path, name] of [[requests, 'requests'], [responses, 'responses']]) {
    if (dir && !existsSync(path)) {
      mkdirSync(join(dir, name), { mode: 0o700 });
      symlinkSync(join(dir, name), path);
    } else {
      mkdirSync(path, { recursive: true, mode: 0o700 });
    }
  }
  return dir;
}

function sweepOrphans(ramDir, prefix, uid) {
  let names;
  try {
    names = readdirSync(ramDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const dir = join(ramDir, name);
    try {
      const stat = lstatSync(dir);
      if (!stat.isDirectory() || stat.uid !== uid) continue;
      const owner = ownerOf(join(dir, 'owner'));
      // A directory made an instant ago may not have its owner record yet: only an old one without it is an orphan.
      if (owner ? !alive(owner) : Date.now() - stat.mtimeMs > 60_000) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another server swept it first.
    }
  }
}

function tryLink(path) {
  try {
    symlinkSync(me, path);
    return true;
  } catch (error) {
    if (error.code === 'EEXIST') return false;
    throw error;
  }
}

async function withLock(path, what, action) {
  for (let attempt = 0; !tryLink(path); attempt++) {
    const owner = ownerOf(path);
    if (owner && !alive(owner)) {
      if (tryLink(`${path}.break`)) {
        if (ownerOf(path) === owner) try { unlinkSync(path); } catch { /* broken by another */ }
        try { unlinkSync(`${path}.break`); } catch { /* gone already */ }
        continue;
      }
      const breaker = ownerOf(`${path}.break`);
      if (breaker && !alive(breaker)) {
        try { unlinkSync(`${path}.break`); } catch { /* gone already */ }
        continue;
      }
    }
    if (attempt >= 600) throw new Error(`Timed out acquiring the ${what} lock ${path} (held by ${owner || 'an owner that left no record'}).`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    return action();
  } finally {
    if (ownerOf(path) === me) try { unlinkSync(path); } catch { /* gone already */ }
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// One answer from the control plane: written once, whole, while its request still waits; then handed to its client
// from memory (the file is the protocol's record, not read back).
async function respond(line) {
  let response;
  try {
    response = JSON.parse(line);
  } catch {
    return;
  }
  const id = typeof response?.id === 'string' && uuid.test(response.id) ? response.id : null;
  if (!id || !pending.has(id)) return;
  const file = join(responses, `${id}.json`);
  let written = false;
  try {
    await withLock(`${file}.paperclip-write.mutex`, 'bridge response', () => {
      // Waiting is this process's to know (a request leaves `pending` when answered or timed out); the file check keeps
      // the first whole response another writer put down.
      if (!pending.has(id) || existsSync(file)) return;
      const temp = `${file}.tmp.${process.pid}`;
      try {
        writeFileSync(temp, line + '\n', { mode: 0o600 });
        renameSync(temp, file);
        written = true;
      } finally {
        if (!written) try { unlinkSync(temp); } catch { /* never made */ }
      }
    });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    const waiting = take(id);
    if (waiting) refuse(waiting.res, 502, 'bridge_response_write_failed', `The response could not be written: ${error.message}`);
    return;
  }
  // Another writer's response already there is the one given (the first whole response wins).
  if (!written) return deliver(id);
  const waiting = take(id);
  if (waiting) answer(waiting.res, response);
}

const stop = () => { server.close(); process.exit(0); };
const answers = createInterface({ input: process.stdin, crlfDelay: Infinity });
answers.on('line', (line) => { respond(line); });
answers.on('close', stop);
process.stdin.on('error', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('SIGHUP', stop);
