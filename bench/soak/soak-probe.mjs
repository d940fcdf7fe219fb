/* global WebAssembly */
// Loaded into the soaked server (`node --expose-gc --import <this> --import tsx … serve`) by
// bench/soak/customers-soak.ts: answers {soak: "probe"} on the IPC channel with the process's
// memory right after a full GC (what is really retained, not garbage waiting for the collector),
// V8's heap spaces, and the bytes of every WebAssembly memory the process made (PGlite's: the only
// WebAssembly here; onnxruntime and resvg are native addons). Changes nothing else in the server.
import { getHeapSpaceStatistics } from "node:v8";

const memories = new Set();
const seen = new WeakSet();
const remember = (memory) => {
  if (seen.has(memory)) return; // made here and exported by the module too: count it once
  seen.add(memory);
  memories.add(new WeakRef(memory));
};
const keep = (instance) => {
  for (const value of Object.values(instance?.exports ?? {}))
    if (value instanceof WebAssembly.Memory) remember(value);
  return instance;
};
const { instantiate, Memory } = WebAssembly;
WebAssembly.instantiate = async function (...args) {
  const result = await instantiate.apply(this, args);
  keep(result instanceof WebAssembly.Instance ? result : result.instance);
  return result;
};
if (WebAssembly.instantiateStreaming) {
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async function (...args) {
    const result = await streaming.apply(this, args);
    keep(result.instance);
    return result;
  };
}
// A memory made outside the module and imported into it.
WebAssembly.Memory = new Proxy(Memory, {
  construct(target, args) {
    const memory = Reflect.construct(target, args);
    remember(memory);
    return memory;
  },
});

if (process.send && typeof globalThis.gc === "function") {
  process.on("message", (message) => {
    if (message?.soak !== "probe") return;
    globalThis.gc();
    const wasmSizes = [];
    for (const ref of memories) {
      const memory = ref.deref();
      if (memory) wasmSizes.push(memory.buffer.byteLength);
      else memories.delete(ref);
    }
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
    process.send({ soak: "probe", memory: process.memoryUsage(), spaces, wasmSizes });
  });
  // The soak tool gone (crashed, killed): stop as SIGTERM stops the server, do not linger.
  process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
  // The channel must not keep the server alive once SIGTERM has drained it.
  process.channel?.unref();
}
