// Browser entry: Arquero, bundled by esbuild, which honours its package.json `browser` field (its
// Node file-stream reader is swapped for the web one); Framework's own bundler left `node:fs` in.
export * from "arquero";
