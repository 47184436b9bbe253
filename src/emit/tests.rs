//! Tests of the emitted manifests, with values worked out from k6's segment rules.
