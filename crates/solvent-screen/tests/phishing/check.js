// eth-phishing-detect's own verdicts, for solvent-screen's agreement test:
// one host per line on stdin, one JSON object per line on stdout.
const PhishingDetector = require('eth-phishing-detect/src/detector')
const config = require('eth-phishing-detect/src/config.json')

const detector = new PhishingDetector(config)
const input = require('fs').readFileSync(0, 'utf8')
const out = []
for (const host of input.split('\n')) {
  if (host === '') continue
  const { result, type } = detector.check(host)
  out.push(JSON.stringify({ host, result, type }))
}
process.stdout.write(out.join('\n') + '\n')
