// Regenerates TestToken.json from TestToken.sol:
//   npm install solc@0.8.26 && node testdata/evm/compile.mjs
import fs from "node:fs";
import path from "node:path";
import solc from "solc";

const here = path.dirname(new URL(import.meta.url).pathname);
const source = fs.readFileSync(path.join(here, "TestToken.sol"), "utf8");
const input = {
  language: "Solidity",
  sources: { "TestToken.sol": { content: source } },
  settings: {
    evmVersion: "paris",
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { "*": { "*": ["evm.bytecode.object", "abi"] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
for (const e of output.errors ?? []) if (e.severity === "error") throw new Error(e.formattedMessage);
const contract = output.contracts["TestToken.sol"].TestToken;
fs.writeFileSync(
  path.join(here, "TestToken.json"),
  JSON.stringify({ compiler: solc.version(), abi: contract.abi, bytecode: "0x" + contract.evm.bytecode.object }, null, 2) + "\n",
);
