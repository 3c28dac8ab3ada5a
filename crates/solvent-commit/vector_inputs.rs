// The inputs of the commitment test vectors (`testdata/commit-vectors.json`),
// shared by the example that prints them and the test that checks them.

const VECTOR_ACCOUNT: &str = "alice";
const VECTOR_ROUND: &str = "2026-11";
const VECTOR_BALANCES: [(u64, u64); 2] = [(150_000_000, 0), (100_000_000, 20_000_000)];
const VECTOR_ASSETS: [ContextAsset<'static>; 2] = [
    ContextAsset {
        symbol: "BTC",
        decimals: 8,
        price: "97000",
        collateral_ratio: "0.95",
        price_source: Some("coingecko:bitcoin"),
        price_time: Some("2026-11-30T23:59:59Z"),
    },
    ContextAsset {
        symbol: "USDT",
        decimals: 6,
        price: "1",
        collateral_ratio: "1",
        price_source: None,
        price_time: None,
    },
];

fn vector_secret() -> Digest {
    Digest([1u64, 2, 3, 4].map(F::from_canonical_u64))
}
