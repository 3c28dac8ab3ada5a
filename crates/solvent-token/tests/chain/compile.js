// Compiles a Solidity file with solc-js (the npm package `solc`) for the
// EVM version ganache runs: prints {"Contract": "0x<creation bytecode>", …}.
const fs = require('fs')
const path = require('path')
const solc = require('solc')

const file = process.argv[2]
const input = {
  language: 'Solidity',
  sources: { [path.basename(file)]: { content: fs.readFileSync(file, 'utf8') } },
  settings: {
    evmVersion: 'shanghai',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['evm.bytecode.object'] } }
  }
}
const output = JSON.parse(solc.compile(JSON.stringify(input)))
const errors = (output.errors || []).filter((e) => e.severity === 'error')
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage)
  process.exit(1)
}
const out = {}
for (const contracts of Object.values(output.contracts)) {
  for (const [name, c] of Object.entries(contracts)) out[name] = '0x' + c.evm.bytecode.object
}
process.stdout.write(JSON.stringify(out))
