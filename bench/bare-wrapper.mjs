// The limit for any REST gateway: a bare Node http server wrapping one SDK client. It runs in
// its own process (`node bench/bare-wrapper.mjs <server.js>`, prints its port), as Patchbay
// does, so it does not share the bench's process with the load generator.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

async function serve(serverScript) {
  const client = new Client({ name: 'bare-wrapper', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [serverScript, 'stdio'], stderr: 'ignore' }));
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const { name, arguments: args } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const result = await client.callTool({ name, arguments: args });
      const body = JSON.stringify(result);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
  process.on('SIGTERM', async () => {
    server.closeAllConnections();
    server.close();
    await client.close();
    process.exit(0);
  });
}

/** Starts the wrapper in a child process; resolves with its port, pid and close(). */
export function startBareWrapper(serverScript) {
  // BENCH_CPU_PROF=<dir> profiles the wrapper too, to set its CPU per call against Patchbay's.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF), '--cpu-prof-name', `bare-wrapper-${Date.now()}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...prof, fileURLToPath(import.meta.url), serverScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`bare wrapper exited with ${code}`)));
    child.stdout.on('data', (c) => {
      out += c;
      if (!out.includes('\n')) return;
      resolve({
        port: Number(out.trim()),
        pid: child.pid,
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serve(process.argv[2]);
