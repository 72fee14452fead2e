fn main() {
	// A release WASM carries the metadata hash that `CheckMetadataHash` checks, with the token
	// a hardware wallet shows (runtime's TOKEN_SYMBOL and TOKEN_DECIMALS).
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults().enable_metadata_hash("CDU", 12).build();
	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
