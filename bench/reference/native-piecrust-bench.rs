// Records bench/reference/native-piecrust.json, real Piecrust 0.32.2 doing the work bench/cold.ts and
// bench/roots.ts time in host-sim, and the answers in tests/vectors/piecrust-native-examples.json. Not built by the project (crates.io is out of reach here): a
// throwaway cargo crate, release build, with
//   piecrust   = path to dusk-network/piecrust tag piecrust-0.32.2 (6660d462b1dfcab96db633788abbd544dcf057f7)
//   hex 0.4, serde_json 1, tempfile 3
// and every dependency pointed at local sources through [patch.crates-io] and a directory source:
// dusk-wasmtime 21.0.0-alpha from dusk-network/wasmtime (d8ed0696b9c96cda73a28a83fe814c99cec7ed6f, its
// cranelift 0.107 crates from the same tree, default features off as piecrust asks), the versions
// wasmtime's own lockfile names for wasmparser (wasm-tools v1.202.0), regalloc2, gimli, object, rustix
// and the like from their GitHub tags, and Debian bookworm's crates for the rest (rkyv 0.7.39,
// bytecheck, blake3 1.3.1 with its SIMD assembly, rayon, …). No upstream file was edited: rustc 1.95
// needs `rustflags = ["--cap-lints", "warn"]` for a newer lint in wasmtime's mmap.rs, and empty stand-ins
// for windows-sys, mach2, psm and hermit-abi let cargo resolve (never compiled on Linux).
// cases.json (read by `all`/`setup`) lists each example's build/*.wasm, owner, init and call arguments
// and host-sim's answers for them (contract id, deploy gas, two calls' bytes and gas, the root), which
// `setup` checks before anything is timed; big.wasm is bench/roots.ts's 64 MiB contract.
// Native Piecrust 0.32.2 bench for the piecrust-as example contracts.
//
//   bench all [cases.json] [workdir]    setup + checks + cold-start (3 fresh
//                                      processes per case) + root/commit table
//   bench setup  [cases.json] [workdir] setup + correctness checks only
//   bench cold   <dir> <root> <id> <fn> <arg>   (internal: one fresh process)
//   bench rootcommit <token.wasm> <n> <reps>     root()/commit() timings
//   bench scenarios                    root / root-after-one-more / commit
//                                      (token transfers; k pages of big.wasm)
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use piecrust::{ContractId, SessionData, VM};
use serde_json::Value;

const LIMIT: u64 = 1_000_000_000;

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).expect("valid hex")
}

fn id_from_hex(s: &str) -> ContractId {
    let b = unhex(s);
    let mut a = [0u8; 32];
    a.copy_from_slice(&b);
    ContractId::from_bytes(a)
}

fn root_from_hex(s: &str) -> [u8; 32] {
    let b = unhex(s);
    let mut a = [0u8; 32];
    a.copy_from_slice(&b);
    a
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

struct Case {
    name: String,
    wasm: Vec<u8>,
    owner: Vec<u8>,
    init: Option<Vec<u8>>,
    fn_name: String,
    arg: Vec<u8>,
    v: Value,
}

fn load_cases(path: &Path) -> Vec<Case> {
    let v: Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            name: c["name"].as_str().unwrap().to_string(),
            wasm: std::fs::read(c["wasm"].as_str().unwrap()).unwrap(),
            owner: unhex(c["owner"].as_str().unwrap()),
            init: c["init"].as_str().map(unhex),
            fn_name: c["fn"].as_str().unwrap().to_string(),
            arg: unhex(c["arg"].as_str().unwrap()),
            v: c.clone(),
        })
        .collect()
}

/// Deploy + one call + commit in a fresh VM on `dir`. Returns
/// (contract id, deploy gas, call data, call gas, committed root).
fn deploy_and_call(
    c: &Case,
    dir: &Path,
) -> (ContractId, Option<u64>, Vec<u8>, u64, [u8; 32]) {
    let vm = VM::new(dir).expect("VM::new");
    let mut session = vm.session(SessionData::builder()).expect("session");
    let (id, receipt) = session
        .deploy_raw(None, &c.wasm, c.init.clone(), c.owner.clone(), LIMIT)
        .expect("deploy");
    let deploy_gas = receipt.map(|r| r.gas_spent);
    let r = session
        .call_raw(id, &c.fn_name, c.arg.clone(), LIMIT)
        .expect("first call");
    let root = session.commit().expect("commit");
    drop(vm);
    (id, deploy_gas, r.data, r.gas_spent, root)
}

fn check(label: &str, got: &str, want: &str, ok: &mut bool) -> String {
    if got != want {
        *ok = false;
        format!("\"{label}\":{{\"got\":\"{got}\",\"want\":\"{want}\"}}")
    } else {
        format!("\"{label}\":\"ok\"")
    }
}

/// Returns (setup dir, committed root hex, contract id hex).
fn setup(c: &Case, work: &Path) -> (PathBuf, String, String) {
    let dir = work.join(&c.name);
    let _ = std::fs::remove_dir_all(&dir);
    let t = Instant::now();
    let (id, dgas, data, gas, root) = deploy_and_call(c, &dir);
    let setup_ms = ms(t);

    // Check run: a second fresh store, deploy + first call, then a second call
    // in a separate session on the committed root.
    let cdir = work.join(format!("{}-check", c.name));
    let _ = std::fs::remove_dir_all(&cdir);
    let (id2, _, _, _, root1) = deploy_and_call(c, &cdir);
    assert_eq!(id2, id);
    let vm = VM::new(&cdir).expect("VM::new");
    let mut s =
        vm.session(SessionData::builder().base(root1)).expect("session");
    let r2 = s
        .call_raw(id, &c.fn_name, c.arg.clone(), LIMIT)
        .expect("second call");
    let root_pre = s.root();
    let root2 = s.commit().expect("commit");
    drop(vm);
    let _ = std::fs::remove_dir_all(&cdir);

    let v = &c.v;
    let mut ok = true;
    let parts = [
        check("contractId", &hex::encode(id.as_bytes()), v["contractId"].as_str().unwrap(), &mut ok),
        check("deployGasSpent", &dgas.map(|g| g.to_string()).unwrap_or_default(), v["deployGasSpent"].as_str().unwrap(), &mut ok),
        check("first.data", &hex::encode(&data), v["first"]["data"].as_str().unwrap(), &mut ok),
        check("first.gasSpent", &gas.to_string(), v["first"]["gasSpent"].as_str().unwrap(), &mut ok),
        check("second.data", &hex::encode(&r2.data), v["second"]["data"].as_str().unwrap(), &mut ok),
        check("second.gasSpent", &r2.gas_spent.to_string(), v["second"]["gasSpent"].as_str().unwrap(), &mut ok),
        check("rootAfterDeployAndTwoCalls", &hex::encode(root2), v["rootAfterDeployAndTwoCalls"].as_str().unwrap(), &mut ok),
    ];
    assert_eq!(root_pre, root2, "session.root() != commit() root");
    println!(
        "{{\"kind\":\"check\",\"name\":\"{}\",\"all_match\":{},\"root1\":\"{}\",\"setup_ms\":{:.2},{}}}",
        c.name,
        ok,
        hex::encode(root),
        setup_ms,
        parts.join(",")
    );
    (dir, hex::encode(root), hex::encode(id.as_bytes()))
}

/// One fresh process: open, session + first call, 100 warm calls.
fn cold(dir: &str, root: &str, id: &str, fn_name: &str, arg: &str) {
    let id = id_from_hex(id);
    let root = root_from_hex(root);
    let arg = unhex(arg);

    let mark = std::env::var_os("BENCH_MARK").is_some();
    if mark { eprintln!("MARK before VM::new"); }
    let t = Instant::now();
    let vm = VM::new(dir).expect("VM::new");
    let open_ms = ms(t);
    if mark { eprintln!("MARK after VM::new"); }

    let t = Instant::now();
    let mut s =
        vm.session(SessionData::builder().base(root)).expect("session");
    let session_ms = ms(t);
    let t1 = Instant::now();
    let r = s.call_raw(id, fn_name, arg.clone(), LIMIT).expect("call");
    let call_ms = ms(t1);
    let first_ms = ms(t);
    if mark { eprintln!("MARK after first call"); }

    let n = 100;
    let t = Instant::now();
    for _ in 0..n {
        s.call_raw(id, fn_name, arg.clone(), LIMIT).expect("warm call");
    }
    let warm_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!(
        "{{\"open_ms\":{open_ms:.3},\"session_ms\":{session_ms:.3},\"call_ms\":{call_ms:.3},\"first_call_ms\":{first_ms:.3},\"warm_us\":{warm_us:.3},\"first_gas\":{},\"first_data\":\"{}\"}}",
        r.gas_spent,
        hex::encode(&r.data)
    );
}

fn num(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap()
}

fn run_cold(exe: &Path, c: &Case, dir: &Path, root: &str, id: &str) {
    let mut best = [f64::MAX; 5];
    let keys = ["open_ms", "session_ms", "call_ms", "first_call_ms", "warm_us"];
    let mut runs = Vec::new();
    for _ in 0..3 {
        let out = Command::new(exe)
            .args(["cold", dir.to_str().unwrap(), root, id, &c.fn_name, &hex::encode(&c.arg)])
            .output()
            .expect("spawn");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8(out.stdout).unwrap();
        let v: Value = serde_json::from_str(line.trim()).unwrap();
        for (i, k) in keys.iter().enumerate() {
            best[i] = best[i].min(num(&v, k));
        }
        runs.push(line.trim().to_string());
    }
    println!(
        "{{\"kind\":\"cold\",\"name\":\"{}\",\"best\":{{\"open_ms\":{:.3},\"session_ms\":{:.3},\"call_ms\":{:.3},\"first_call_ms\":{:.3},\"warm_us\":{:.3}}},\"runs\":[{}]}}",
        c.name, best[0], best[1], best[2], best[3], best[4], runs.join(",")
    );
}

fn rootcommit(wasm: &str, n: usize, reps: usize) {
    let cases = load_cases(Path::new("/work/native/cases.json"));
    let tok = cases.iter().find(|c| c.name == "token").expect("token case");
    let wasm = std::fs::read(wasm).unwrap();
    let mut best_root = f64::MAX;
    let mut best_commit = f64::MAX;
    let mut all = Vec::new();
    for _ in 0..reps {
        let tmp = tempfile::tempdir().unwrap();
        let vm = VM::new(tmp.path()).unwrap();
        let mut s = vm.session(SessionData::builder()).unwrap();
        let (id, _) = s
            .deploy_raw(None, &wasm, tok.init.clone(), tok.owner.clone(), LIMIT)
            .unwrap();
        for _ in 0..n {
            s.call_raw(id, "transfer", tok.arg.clone(), LIMIT).unwrap();
        }
        let t = Instant::now();
        let r = s.root();
        let root_ms = ms(t);
        let t = Instant::now();
        let c = s.commit().unwrap();
        let commit_ms = ms(t);
        assert_eq!(r, c);
        best_root = best_root.min(root_ms);
        best_commit = best_commit.min(commit_ms);
        all.push(format!("[{root_ms:.3},{commit_ms:.3}]"));
        drop(vm);
    }
    println!(
        "{{\"kind\":\"rootcommit\",\"transfers\":{n},\"reps\":{reps},\"best_root_ms\":{best_root:.3},\"best_commit_ms\":{best_commit:.3},\"runs_root_commit_ms\":[{}]}}",
        all.join(",")
    );
}

// ---- scenarios: mirrors the TypeScript project's bench/roots.ts ----------

struct Best {
    root: f64,
    again: f64,
    commit: f64,
}

/// For each rep: new session on `base`; work(s, rep); time root(); more(s);
/// time root() again; time commit(). Min of each over reps.
fn cost_of(
    vm: &VM,
    base: [u8; 32],
    reps: usize,
    work: &dyn Fn(&mut piecrust::Session, usize),
    more: &dyn Fn(&mut piecrust::Session),
) -> Best {
    let mut b = Best { root: f64::MAX, again: f64::MAX, commit: f64::MAX };
    for rep in 0..reps {
        let mut s = vm.session(SessionData::builder().base(base)).expect("session");
        work(&mut s, rep);
        let t = Instant::now();
        let r1 = s.root();
        let root_ms = ms(t);
        std::hint::black_box(r1);
        more(&mut s);
        let t = Instant::now();
        let r2 = s.root();
        let again_ms = ms(t);
        let t = Instant::now();
        let c = s.commit().expect("commit");
        let commit_ms = ms(t);
        assert_eq!(r2, c, "root() after more != commit()");
        b.root = b.root.min(root_ms);
        b.again = b.again.min(again_ms);
        b.commit = b.commit.min(commit_ms);
    }
    b
}

fn print_row(scenario: &str, n: usize, reps: usize, b: &Best) {
    println!(
        "{{\"scenario\":\"{scenario}\",\"n_or_k\":{n},\"reps\":{reps},\"root_ms\":{:.3},\"rootAgain_ms\":{:.3},\"commit_ms\":{:.3}}}",
        b.root, b.again, b.commit
    );
}

fn transfer_arg(i: u32, rep: usize) -> Vec<u8> {
    let mut to = [0u8; 32];
    let x = (i.wrapping_add(1)).wrapping_mul(2654435761u32);
    to[0..4].copy_from_slice(&x.to_le_bytes());
    to[31] = rep as u8;
    let mut arg = to.to_vec();
    arg.extend_from_slice(&1u128.to_le_bytes());
    arg
}

fn scenarios() {
    let owner = vec![0xaau8; 32];

    // Scenario A: token transfers.
    let tmp = tempfile::tempdir().unwrap();
    let vm = VM::new(tmp.path()).expect("VM::new");
    let wasm = std::fs::read("/work/native/token.wasm").unwrap();
    let mut s = vm.session(SessionData::builder()).expect("session");
    let init = 1_000_000_000_000u128.to_le_bytes().to_vec();
    let (tid, _) = s
        .deploy_raw(None, &wasm, Some(init), owner.clone(), LIMIT)
        .expect("deploy token");
    let base = s.commit().expect("commit");
    {
        let mut s = vm.session(SessionData::builder().base(base)).unwrap();
        let r = s.call_raw(tid, "transfer", transfer_arg(0, 0), LIMIT).expect("transfer");
        assert!(r.data.is_empty(), "transfer returned data");
        assert!(r.gas_spent > 0, "transfer spent no gas");
        println!(
            "{{\"kind\":\"check\",\"scenario\":\"token\",\"contract_id\":\"{}\",\"base\":\"{}\",\"first_transfer_gas\":{},\"data\":\"{}\"}}",
            hex::encode(tid.as_bytes()), hex::encode(base), r.gas_spent, hex::encode(&r.data)
        );
    }
    for n in [1usize, 200, 10_000] {
        let reps = if n <= 1000 { 5 } else { 2 };
        let work = |s: &mut piecrust::Session, rep: usize| {
            for i in 0..n {
                s.call_raw(tid, "transfer", transfer_arg(i as u32, rep), LIMIT).expect("transfer");
            }
        };
        let more = |s: &mut piecrust::Session| {
            s.call_raw(tid, "transfer", transfer_arg(n as u32, 0), LIMIT).expect("transfer");
        };
        let b = cost_of(&vm, base, reps, &work, &more);
        print_row("token_transfers", n, reps, &b);
    }
    drop(vm);
    drop(tmp);

    // Scenario B: k pages of a 64 MiB contract.
    let tmp = tempfile::tempdir().unwrap();
    let vm = VM::new(tmp.path()).expect("VM::new");
    let wasm = std::fs::read("/work/native/big.wasm").unwrap();
    let bid = ContractId::from_bytes([0x09u8; 32]);
    let mut s = vm.session(SessionData::builder()).expect("session");
    let (got, _) = s
        .deploy_raw(Some(bid), &wasm, None, owner.clone(), LIMIT)
        .expect("deploy big");
    assert_eq!(got, bid);
    let r = s.call_raw(bid, "bump", 1024u32.to_le_bytes().to_vec(), LIMIT).expect("bump 1024");
    let base = s.commit().expect("commit");
    println!(
        "{{\"kind\":\"check\",\"scenario\":\"big\",\"contract_id\":\"{}\",\"base\":\"{}\",\"bump1024_gas\":{},\"data\":\"{}\"}}",
        hex::encode(bid.as_bytes()), hex::encode(base), r.gas_spent, hex::encode(&r.data)
    );
    for k in [1usize, 64, 1024] {
        let reps = 3;
        let work = |s: &mut piecrust::Session, rep: usize| {
            for _ in 0..=rep {
                s.call_raw(bid, "bump", (k as u32).to_le_bytes().to_vec(), LIMIT).expect("bump");
            }
        };
        let more = |s: &mut piecrust::Session| {
            s.call_raw(bid, "bump", 1u32.to_le_bytes().to_vec(), LIMIT).expect("bump 1");
        };
        let b = cost_of(&vm, base, reps, &work, &more);
        print_row("big_pages", k, reps, &b);
    }
    drop(vm);
    drop(tmp);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cmd = args.get(1).map(String::as_str).unwrap_or("all");
    match cmd {
        "scenarios" => scenarios(),
        "cold" => cold(&args[2], &args[3], &args[4], &args[5], &args[6]),
        "rootcommit" => rootcommit(
            &args[2],
            args[3].parse().unwrap(),
            args.get(4).map(|s| s.parse().unwrap()).unwrap_or(3),
        ),
        "setup" | "all" => {
            let cases_path = PathBuf::from(args.get(2).cloned().unwrap_or("/work/native/cases.json".into()));
            let work = PathBuf::from(args.get(3).cloned().unwrap_or("/work/native/stores".into()));
            std::fs::create_dir_all(&work).unwrap();
            let exe = std::env::current_exe().unwrap();
            let cases = load_cases(&cases_path);
            for c in &cases {
                let (dir, root, id) = setup(c, &work);
                if cmd == "all" {
                    run_cold(&exe, c, &dir, &root, &id);
                }
            }
            if cmd == "all" {
                let tok = cases.iter().find(|c| c.name == "token").unwrap();
                let w = tok.v["wasm"].as_str().unwrap();
                for n in [1usize, 200, 10_000] {
                    let out = Command::new(&exe)
                        .args(["rootcommit", w, &n.to_string(), "5"])
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                    print!("{}", String::from_utf8_lossy(&out.stdout));
                }
            }
        }
        _ => panic!("unknown subcommand {cmd}"),
    }
}
