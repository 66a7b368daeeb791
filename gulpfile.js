const path = require('path');
const { task, src, dest } = require('gulp');

// What the build copies next to the compiled code in dist/: node and credential icons, and each
// node's codex file (<Node>.node.json beside <Node>.node.ts: categories, documentation links),
// which n8n reads from beside the compiled node. `npm run build` runs this after tsc.
const ASSETS = [
	{ folder: 'nodes', globs: ['**/*.{png,svg}', '**/*.node.json'] },
	{ folder: 'credentials', globs: ['**/*.{png,svg}'] },
];

/** Copies ASSETS from `root` into `out` (dist/ by default); resolves when every file is written. */
function copyAssets(root = process.cwd(), out = path.join(root, 'dist')) {
	return Promise.all(
		ASSETS.map(
			({ folder, globs }) =>
				new Promise((resolve, reject) => {
					src(globs, { cwd: path.join(root, folder), encoding: false })
						.on('error', reject)
						.pipe(dest(path.join(out, folder)))
						.on('error', reject)
						.on('finish', resolve);
				}),
		),
	);
}

task('build:icons', () => copyAssets());

// Not a function, so gulp does not register it as a task; test/unit/shared/codex.test.ts uses it.
module.exports.assets = { ASSETS, copyAssets };
