/**
 * The CommonJS entry: `require('rdlab')`. rdlab is an ES module with one native addon, so
 * this entry does not hold a second copy of the library: it require()s the ES module itself
 * (Node ≥ 20.19 / 22.12 can), and where that is impossible it throws an Error that says
 * what to write instead. Nothing the entry loads at import may use top-level await (which
 * require() cannot load): the runner imports its plotting library (vega) when it draws.
 */
const REQUIRE_ESM_CODES = new Set(['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE']);

function load(): unknown {
  try {
    return require('./index.js');
  } catch (err) {
    if (!REQUIRE_ESM_CODES.has((err as { code?: string }).code ?? '')) throw err;
    const code = (err as { code: string }).code;
    const why = code === 'ERR_REQUIRE_ASYNC_MODULE' ? 'a module it loads uses top-level await' : 'this node cannot require() ES modules';
    throw new Error(
      `rdlab is an ES module and require('rdlab') cannot load it on node ${process.versions.node} (${code}: ${why}).\n` +
        `  From CommonJS use:  const rdlab = await import('rdlab');`,
      { cause: err },
    );
  }
}

module.exports = load();
