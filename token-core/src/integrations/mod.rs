//! Optional integrations, one file per cargo feature.
