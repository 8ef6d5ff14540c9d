// trunk post_build hook. trunk starts the hooks of one stage all at once, so the steps that
// must follow each other live in this one script: first the pages fetched on first use are
// cut out of the app's wasm, then the Content Security Policy goes into index.html, then
// the service worker gets the list and id of the finished files.
import { splitApp } from './split.mjs';

const { main, chunks } = await splitApp(process.env.TRUNK_STAGING_DIR);
console.log(`split: ${main} and ${chunks} chunks`);
await import('./csp.mjs');
const { writeServiceWorker } = await import('./sw.mjs');

const { build, assets } = writeServiceWorker(process.env.TRUNK_STAGING_DIR);
console.log(`service worker: build ${build}, ${assets.length} files`);
