//! End-to-end smoke tests of the built `caduceus-node` binary.
//!
//! `dev_chain_produces_blocks_and_serves_rpc` starts `caduceus-node --dev` on free ports, waits
//! for block 3, reads the runtime version and metadata over JSON-RPC (as Polkadot.js does on
//! connect; the metadata must list the governance tracks), and stops the node with SIGTERM, checking it exits cleanly.

use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	process::{Child, Command, Output, Stdio},
	time::{Duration, Instant},
};

const NODE: &str = env!("CARGO_BIN_EXE_caduceus-node");
/// Start-up compiles the runtime WASM; blocks come every 3 s in dev mode.
const BLOCK_3_DEADLINE: Duration = Duration::from_secs(240);

fn free_port() -> u16 {
	let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
	listener.local_addr().expect("bound").port()
}

/// Kills the node if a test fails before stopping it, so no process outlives the test. Its log
/// goes to a file, whose tail explains an unclean exit.
struct NodeProcess(Option<Child>, std::path::PathBuf);

impl NodeProcess {
	fn pid(&self) -> u32 {
		self.0.as_ref().expect("running").id()
	}

	/// The last lines the node logged.
	fn log_tail(&self) -> String {
		let log = std::fs::read_to_string(&self.1).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(15)..].join("\n")
	}

	/// Sends SIGTERM and waits for the exit; returns how it exited, if it did in time.
	fn stop(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
		let mut child = self.0.take().expect("running");
		let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
		assert!(status.map(|s| s.success()).unwrap_or(false), "could not signal the node");
		let deadline = Instant::now() + within;
		loop {
			if let Some(status) = child.try_wait().expect("wait on node") {
				return Some(status);
			}
			if Instant::now() > deadline {
				let _ = child.kill();
				let _ = child.wait();
				return None;
			}
			std::thread::sleep(Duration::from_millis(100));
		}
	}
}

impl Drop for NodeProcess {
	fn drop(&mut self) {
		if let Some(mut child) = self.0.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
		let _ = std::fs::remove_file(&self.1);
	}
}

/// One JSON-RPC call over HTTP (the node serves HTTP and WebSocket on the same port).
fn rpc(port: u16, method: &str, params: serde_json::Value) -> Result<serde_json::Value, String> {
	let body = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
		.to_string();
	let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
	stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
	write!(
		stream,
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	)
	.map_err(|e| e.to_string())?;
	let mut response = Vec::new();
	stream.read_to_end(&mut response).map_err(|e| e.to_string())?;
	let response = String::from_utf8(response).map_err(|e| e.to_string())?;
	let (head, payload) = response.split_once("\r\n\r\n").ok_or("no HTTP body")?;
	let payload = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
		dechunk(payload)?
	} else {
		payload.to_string()
	};
	let reply: serde_json::Value = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
	match reply.get("result") {
		Some(result) => Ok(result.clone()),
		None => Err(format!("{method} failed: {reply}")),
	}
}

fn dechunk(mut body: &str) -> Result<String, String> {
	let mut out = String::new();
	loop {
		let (size, rest) = body.split_once("\r\n").ok_or("bad chunk")?;
		let size = usize::from_str_radix(size.trim(), 16).map_err(|e| e.to_string())?;
		if size == 0 {
			return Ok(out);
		}
		out.push_str(rest.get(..size).ok_or("short chunk")?);
		body = rest.get(size + 2..).ok_or("short chunk")?;
	}
}

fn best_block_number(port: u16) -> Option<u64> {
	let header = rpc(port, "chain_getHeader", serde_json::json!([])).ok()?;
	let number = header.get("number")?.as_str()?;
	u64::from_str_radix(number.trim_start_matches("0x"), 16).ok()
}

fn start_dev_node(rpc_port: u16) -> NodeProcess {
	let log_path = std::env::temp_dir().join(format!("caduceus-smoke-{}-{rpc_port}.log", std::process::id()));
	let log = std::fs::File::create(&log_path).expect("node log file");
	let child = Command::new(NODE)
		.args(["--dev", "--tmp", "--no-hardware-benchmarks", "--no-prometheus", "--no-telemetry"])
		.args(["--rpc-port", &rpc_port.to_string(), "--port", &free_port().to_string()])
		.stdout(Stdio::null())
		.stderr(log)
		.spawn()
		.expect("caduceus-node starts");
	NodeProcess(Some(child), log_path)
}

fn process_exists(pid: u32) -> bool {
	std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn dev_chain_produces_blocks_and_serves_rpc() {
	let rpc_port = free_port();
	let mut node = start_dev_node(rpc_port);
	let pid = node.pid();

	let started = Instant::now();
	let mut best = None;
	while started.elapsed() < BLOCK_3_DEADLINE {
		best = best_block_number(rpc_port);
		if best.is_some_and(|n| n >= 3) {
			break;
		}
		std::thread::sleep(Duration::from_millis(500));
	}
	assert!(best.is_some_and(|n| n >= 3), "block 3 not imported within {BLOCK_3_DEADLINE:?}: {best:?}");
	println!("block {} imported {:.1} s after start", best.unwrap_or(0), started.elapsed().as_secs_f64());

	let version = rpc(rpc_port, "state_getRuntimeVersion", serde_json::json!([])).expect("version");
	assert_eq!(version["specName"], "caduceus");
	assert!(version["specVersion"].as_u64().is_some_and(|v| v >= 1));

	let metadata = rpc(rpc_port, "state_getMetadata", serde_json::json!([])).expect("metadata");
	let metadata = metadata.as_str().expect("hex string");
	// SCALE metadata starts with the magic "meta"; pallet names are SCALE strings inside it.
	assert!(metadata.starts_with("0x6d657461"), "not runtime metadata");
	let hex = |text: &str| -> String { text.bytes().map(|b| format!("{b:02x}")).collect() };
	for pallet in [
		"Balances",
		"CollatorSelection",
		"ParachainSystem",
		"Multisig",
		"Proxy",
		"RankedCollective",
		"RankedPolls",
		"Parameters",
		"Credentials",
	] {
		assert!(metadata.contains(&hex(pallet)), "metadata lacks pallet {pallet}");
	}
	// The `RankedPolls::Tracks` constant: each name is a 25-byte, zero-padded field, which no
	// doc comment in the metadata can imitate.
	for track in ["root", "credentialing", "policy", "arbitration", "collators"] {
		let field = format!("{}{}", hex(track), "00".repeat(25 - track.len()));
		assert!(metadata.contains(&field), "metadata lacks track {track}");
	}

	let properties = rpc(rpc_port, "system_properties", serde_json::json!([])).expect("properties");
	assert_eq!(properties["tokenSymbol"], "CDU");

	let exit = node.stop(Duration::from_secs(60));
	assert!(
		exit.is_some_and(|status| status.success()),
		"node did not exit cleanly on SIGTERM ({exit:?}); its last lines:\n{}",
		node.log_tail()
	);
	assert!(!process_exists(pid), "node process {pid} is still alive");
}

fn run_to_exit(args: &[&str]) -> Output {
	Command::new(NODE).args(args).output().expect("caduceus-node runs")
}

fn assert_one_line_error(output: &Output, expected: &str) {
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(!output.status.success(), "exit status was success");
	assert!(!stderr.contains("panicked"), "panicked: {stderr}");
	let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
	assert_eq!(lines.len(), 1, "expected one line, got: {stderr}");
	assert!(lines[0].contains(expected), "unexpected error: {stderr}");
}

/// `benchmark overhead` is served by caduceus-node itself (the omni node refuses it): a runtime
/// file that is not there is one line and a failure, not a panic or a silent success.
#[test]
fn benchmark_overhead_without_its_runtime_is_a_one_line_error() {
	let output = run_to_exit(&["benchmark", "overhead", "--runtime", "/nonexistent/caduceus.wasm", "--genesis-builder", "runtime"]);
	assert_one_line_error(&output, "No such file or directory");
}

#[test]
fn unknown_chain_is_a_one_line_error() {
	let output = run_to_exit(&["--chain", "no-such-chain", "--tmp"]);
	assert_one_line_error(&output, "unknown chain 'no-such-chain'");
}

#[test]
fn malformed_chain_spec_file_is_a_one_line_error() {
	let dir = std::env::temp_dir().join(format!("caduceus-smoke-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	let spec = dir.join("broken.json");
	std::fs::write(&spec, "{ \"name\": \"broken\", ").expect("write spec");
	let output = run_to_exit(&["--chain", spec.to_str().expect("utf8 path"), "--tmp"]);
	let _ = std::fs::remove_dir_all(&dir);
	assert_one_line_error(&output, "is not valid");
}

/// A consortium keys file whose accounts are fresh 32-byte keys, none of them a dev key.
fn consortium_keys(dir: &std::path::Path, member: &str) -> std::path::PathBuf {
	let key = |byte: u8| format!("0x{}", format!("{byte:02x}").repeat(32));
	let keys = serde_json::json!({
		"collators": [{ "account": key(0x11), "aura": key(0x12) }, { "account": key(0x21), "aura": key(0x22) }],
		"members": [member, key(0x21)],
		"endowed": [[key(0x11), "1000000000000000"], [key(0x21), 1_000_000_000_000_000u64]],
	});
	let path = dir.join(format!("keys-{}.json", member.len()));
	std::fs::write(&path, keys.to_string()).expect("write keys");
	path
}

fn temp_dir(name: &str) -> std::path::PathBuf {
	let dir = std::env::temp_dir().join(format!("caduceus-smoke-{name}-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	dir
}

#[test]
fn the_consortium_chain_needs_its_own_keys_and_refuses_dev_keys() {
	let dir = temp_dir("consortium");
	// No para id given: refused, naming what to give; it has no default.
	let own = consortium_keys(&dir, &format!("0x{}", "31".repeat(32)));
	let output = Command::new(NODE)
		.args(["export-chain-spec", "--chain", "consortium"])
		.env("CADUCEUS_CONSORTIUM_KEYS", &own)
		.env_remove("CADUCEUS_PARA_ID")
		.output()
		.expect("runs");
	assert_one_line_error(&output, "CADUCEUS_PARA_ID");
	// No keys given: refused, naming what to give.
	let output = Command::new(NODE)
		.args(["export-chain-spec", "--chain", "consortium"])
		.env_remove("CADUCEUS_CONSORTIUM_KEYS")
		.env("CADUCEUS_PARA_ID", "3344")
		.output()
		.expect("runs");
	assert_one_line_error(&output, "CADUCEUS_CONSORTIUM_KEYS");
	// The consortium's own keys and para id: a live spec with them and no dev key.
	let output = Command::new(NODE)
		.args(["export-chain-spec", "--chain", "consortium"])
		.env("CADUCEUS_CONSORTIUM_KEYS", &own)
		.env("CADUCEUS_PARA_ID", "3344")
		.output()
		.expect("runs");
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	let spec: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON chain spec");
	assert_eq!(spec["chainType"], "Live");
	let patch = &spec["genesis"]["runtimeGenesis"]["patch"];
	let members = &patch["origins"]["foundingMembers"];
	assert_eq!(members.as_array().map(Vec::len), Some(2), "{members}");
	assert_eq!(patch["parachainInfo"]["parachainId"], 3344);
	assert_eq!((spec["para_id"].clone(), spec["relay_chain"].clone()), (3344.into(), "polkadot".into()));
	// One dev key (Alice's account, as SS58) among them: refused, to build or to start.
	let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	let with_alice = consortium_keys(&dir, alice);
	for args in [&["export-chain-spec", "--chain", "consortium"][..], &["--chain", "consortium", "--tmp"][..]] {
		let output = Command::new(NODE)
			.args(args)
			.env("CADUCEUS_CONSORTIUM_KEYS", &with_alice)
			.env("CADUCEUS_PARA_ID", "3344")
			.output()
			.expect("runs");
		assert_one_line_error(&output, "well-known development key");
	}
	// A live chain-spec file edited to hold a dev key is refused too; a local one is not.
	let mut edited = spec.clone();
	edited["genesis"]["runtimeGenesis"]["patch"]["origins"]["foundingMembers"][0] = alice.into();
	let file = dir.join("edited.json");
	std::fs::write(&file, edited.to_string()).expect("write spec");
	let output = run_to_exit(&["export-chain-spec", "--chain", file.to_str().expect("utf8")]);
	assert_one_line_error(&output, "well-known development key");
	edited["chainType"] = "Local".into();
	std::fs::write(&file, edited.to_string()).expect("write spec");
	let output = run_to_exit(&["export-chain-spec", "--chain", file.to_str().expect("utf8")]);
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn built_in_chain_specs_export_as_json() {
	for chain in ["dev", "local"] {
		let output = run_to_exit(&["export-chain-spec", "--chain", chain]);
		assert!(output.status.success(), "build-spec {chain}: {}", String::from_utf8_lossy(&output.stderr));
		let spec: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON chain spec");
		assert_eq!(spec["properties"]["tokenSymbol"], "CDU", "{chain}");
		// The id prefix is what caduceus-node's runtime resolver trusts (node/src/main.rs).
		assert!(spec["id"].as_str().is_some_and(|id| id.starts_with("caduceus_")), "{chain}");
		// The relay chain a local network runs (issue 19): Westend's local testnet.
		assert_eq!(spec["relay_chain"], "westend-local", "{chain}");
		assert_eq!(spec["para_id"], 2000, "{chain}");
	}
}

/// `ParachainInfo::ParachainId`'s key in raw genesis storage: twox128 of the pallet's and the
/// item's names.
const PARACHAIN_ID_KEY: &str = "0x0d715f2646c8f85767b5d2764bb2782604a74d81251e398fd8a0a4d55023bb3f";

#[test]
fn para_id_and_relay_chain_are_inputs_of_the_chain_spec() {
	let output = Command::new(NODE)
		.args(["export-chain-spec", "--chain", "local", "--raw"])
		.env("CADUCEUS_PARA_ID", "2042")
		.env("CADUCEUS_RELAY_CHAIN", "paseo")
		.output()
		.expect("runs");
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	let spec: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON chain spec");
	assert_eq!((spec["para_id"].clone(), spec["relay_chain"].clone()), (2042.into(), "paseo".into()));
	// In genesis storage, where the collator and the relay read it: 2042 as SCALE u32.
	assert_eq!(spec["genesis"]["raw"]["top"][PARACHAIN_ID_KEY], "0xfa070000");
	// Bad inputs: one line naming the variable.
	for (var, value) in [("CADUCEUS_PARA_ID", "1000"), ("CADUCEUS_PARA_ID", "two"), ("CADUCEUS_RELAY_CHAIN", "Westend Local")] {
		let output = Command::new(NODE).args(["export-chain-spec", "--chain", "local"]).env(var, value).output().expect("runs");
		assert_one_line_error(&output, var);
	}
}

#[test]
fn a_collator_given_another_relay_chains_spec_exits_with_one_line() {
	let dir = temp_dir("relay-spec");
	let relay = |id: &str| {
		let path = dir.join(format!("{id}.json"));
		std::fs::write(&path, serde_json::json!({ "name": id, "id": id, "genesis": {} }).to_string()).expect("write spec");
		path.to_str().expect("utf8").to_owned()
	};
	// The local spec names westend-local: Rococo's local testnet is refused before anything starts.
	let rococo = relay("rococo_local_testnet");
	let output = run_to_exit(&["--chain", "local", "--tmp", "--collator", "--", "--chain", &rococo]);
	assert_one_line_error(&output, "is chain 'rococo_local_testnet', but parachain 'caduceus_local' runs on relay chain 'westend-local'");
	// A relay chosen by CADUCEUS_RELAY_CHAIN is the one checked.
	let output = Command::new(NODE)
		.args(["--chain=local", "--tmp", "--", "--chain", &rococo])
		.env("CADUCEUS_RELAY_CHAIN", "paseo-local")
		.output()
		.expect("runs");
	assert_one_line_error(&output, "runs on relay chain 'paseo-local'");
	let _ = std::fs::remove_dir_all(&dir);
}
