/**
 * Graphviz (@viz-js/viz) for a synchronous caller: its WebAssembly instance loads asynchronously, and synth is
 * synchronous. The layout runs in a worker thread of this process while the caller blocks on Atomics.wait (Node's
 * worker_threads pattern for a synchronous answer: SharedArrayBuffer signal + receiveMessageOnPort), so no
 * process is started. The worker's code is fixed; the DOT text reaches it only as data (workerData).
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';

/** The worker: loads the viz module at `viz`, lays out `dot`, posts `{ svg }` or `{ error }` and wakes the caller. */
const WORKER_CODE = `
const { workerData } = require('worker_threads');
const { port, signal, dot, viz } = workerData;
Promise.resolve()
  .then(() => require(viz).instance())
  .then((v) => ({ svg: v.renderString(dot, { format: 'svg' }) }))
  .catch((e) => ({ error: String((e && e.message) || e) }))
  .then((answer) => {
    port.postMessage(answer);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
`;

/** What the worker answered: the SVG, or why there is none. */
export type SvgAnswer = { readonly svg: string } | { readonly error: string };

/**
 * Lays out `dot` as SVG with the @viz-js/viz module at `vizModule` (a resolved path), in a worker thread, and
 * waits for it at most `timeoutMs`.
 */
export function layOutInWorker(dot: string, vizModule: string, timeoutMs = 60_000): SvgAnswer {
  const signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_CODE, { eval: true, workerData: { port: port2, signal, dot, viz: vizModule }, transferList: [port2] });
  try {
    if (Atomics.wait(signal, 0, 0, timeoutMs) === 'timed-out') return { error: `no answer within ${timeoutMs / 1000} s` };
    return (receiveMessageOnPort(port1)?.message as SvgAnswer | undefined) ?? { error: 'the worker ended without an answer' };
  } finally {
    port1.close();
    void worker.terminate();
  }
}
