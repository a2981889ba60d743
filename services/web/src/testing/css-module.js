// CSS modules in Jest: every class name maps to itself (styles.card === 'card').
module.exports = new Proxy({}, { get: (_target, name) => (name === '__esModule' ? false : name) });
