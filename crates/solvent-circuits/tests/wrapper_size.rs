//! The batch wrapper's size is part of the design: above 2^14 rows its
//! proving time doubles, and every batch pays it. The FRI setting of the batch
//! STARK is chosen by trace length so that the wrappers of the default batch
//! sizes at 22 assets stay at 2^14 rows (docs/DESIGN.md, "The batch STARK's FRI
//! setting"). The aggregation circuit is padded to the wrapper's common data
//! (and the wrapper to the aggregation circuit's), so both must stay there.

use solvent_circuits::{KeyChain, Shape};

/// `(batch size, trace bits)` of the default batches of a 22-asset round with
/// about two holdings per account: one of 2^16 accounts (2^18 rows, 84 queries
/// + 16 bits) and, for larger rounds, 2^17 accounts (2^19 rows, 80 + 20).
const DEFAULT_BATCHES: [(usize, usize); 2] = [(1 << 16, 18), (1 << 17, 19)];

#[test]
fn default_batch_wrappers_and_aggregation_fit_2_pow_14_rows() {
    for (batch_size, trace_bits) in DEFAULT_BATCHES {
        let chain = KeyChain::new(Shape::new(22, batch_size, trace_bits));
        for (name, common) in [
            ("wrapper", &chain.batch.data.common),
            ("aggregation", &chain.aggregation.data.common),
        ] {
            assert_eq!(
                common.degree_bits(),
                14,
                "{name} for a 2^{trace_bits}-row batch STARK"
            );
        }
        assert_eq!(chain.final_circuit.data.common.degree_bits(), 13);
    }
}
