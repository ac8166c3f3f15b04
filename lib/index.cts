/**
 * The CommonJS entry: `require('rdlab')`. rdlab is an ES module with one native addon, so
 * this entry does not hold a second copy of the library: it require()s the ES module itself
 * (Node ≥ 20.19 / 22.12 can), and where that is impossible it throws an Error that says
 * what to write instead. The experiment runner's plotting (vega) uses top-level await,
 * which require() cannot load; the subpaths `rdlab/models`, `rdlab/nn`, `rdlab/coding`,
 * `rdlab/sources` and `rdlab/bounds` do not reach it and can be required directly.
 */
const REQUIRE_ESM_CODES = new Set(['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE']);

function load(): unknown {
  try {
    return require('./index.js');
  } catch (err) {
    if (!REQUIRE_ESM_CODES.has((err as { code?: string }).code ?? '')) throw err;
    const code = (err as { code: string }).code;
    const why = code === 'ERR_REQUIRE_ASYNC_MODULE' ? "its runner's plotting (vega) uses top-level await" : 'this node cannot require() ES modules';
    const subpaths = process.features.require_module
      ? "\n  or require a subpath without the runner: require('rdlab/models'), 'rdlab/nn', 'rdlab/coding', 'rdlab/sources', 'rdlab/bounds'."
      : '';
    throw new Error(
      `rdlab is an ES module and require('rdlab') cannot load it on node ${process.versions.node} (${code}: ${why}).\n` +
        `  From CommonJS use:  const rdlab = await import('rdlab');` + subpaths,
      { cause: err },
    );
  }
}

module.exports = load();
