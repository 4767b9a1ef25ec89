// Records tests/vectors/plonk-dusk.json (run: `plonkgen > plonk-dusk.json`, then the JSON is wrapped
// with its origin note). Not built by the project: a throwaway cargo crate named plonkgen with
//   dusk-plonk     = path to dusk-network/plonk at 55083f925935b67b116c089e186ee1b261e0fdf0,
//                    features ["alloc", "legacy-proving"], default features off
//   dusk-plonk-old = the same repository at tag v0.22.0-rc.0 (82c08e8), package renamed, features ["alloc"]
//   dusk-jubjub (6e2b63f), dusk-bls12_381 (v0.14.2), dusk-bytes (0.1.7), rand 0.8, hex 0.4
// built offline (a release build: no overflow checks, panics unwind, as rusk's node). Local changes to
// make it build without crates.io: circuit compression (msgpacker) stubbed out in both plonk copies
// (it is not on the prove/verify path); merlin 3.0 taken as merlin 2.0.0's source with rand_core 0.6
// (what 3.0 changed); subtle 2.5 given 2.6's `CtOption::into_option`; hashbrown/itertools/miniz
// versions bumped to the ones at hand (the verifier uses none of them; both plonk copies compile the
// same verifier data, which the program asserts). Reads rusk 264c1ec's
// vm/tests/pp_test.bin and rusk/src/assets/vd/*.vd from /tmp/plonkgen.
//
// Expected answers come from dusk-plonk 0.22.0-rc.0 at plonk 55083f9 (what rusk
// 264c1ec's Cargo.lock pins), through rusk's verify_plonk_with_version steps. V2 and V3 proofs come
// from that crate's prove_with_version; V1 (pre-fix) proofs from the v0.22.0-rc.0 release tag's prover.
use dusk_bytes::{DeserializableSlice, Serializable};
use dusk_plonk::prelude::{BlsScalar, PlonkVersion, Proof, PublicParameters, Verifier};
use rand::rngs::StdRng;
use rand::SeedableRng;

macro_rules! circuits {
    ($m:ident, $k:ident) => {
        pub mod $m {
            use $k::prelude::*;
            #[derive(Debug, Default)]
            pub struct PlonkTestCircuit { a: BlsScalar, b: BlsScalar, c: BlsScalar }
            impl PlonkTestCircuit {
                pub fn new(a: u64, b: u64) -> Self { let a = a.into(); let b = b.into(); Self { a, b, c: a + b } }
            }
            impl Circuit for PlonkTestCircuit {
                fn circuit(&self, composer: &mut Composer) -> Result<(), Error> {
                    let a = composer.append_witness(self.a);
                    let b = composer.append_witness(self.b);
                    let six = composer.append_witness(BlsScalar::from(6));
                    let one = composer.append_witness(BlsScalar::from(1));
                    let seven = composer.append_witness(BlsScalar::from(7));
                    let min_twenty = composer.append_witness(-BlsScalar::from(20));
                    composer.append_gate(Constraint::new().left(-BlsScalar::one()).a(a).right(-BlsScalar::one()).b(b).public(self.c));
                    composer.append_gate(Constraint::new().mult(1).left(2).right(3).fourth(1).constant(4).output(4).a(six).b(seven).d(one).c(min_twenty));
                    composer.append_gate(Constraint::new().mult(1).left(1).right(1).constant(127).output(1).a(min_twenty).b(six).c(seven));
                    Ok(())
                }
            }
            /// Every custom gate kind: range, logic (xor, and), fixed-base scalar mul, curve addition, public points.
            #[derive(Debug)]
            pub struct GadgetCircuit { x: BlsScalar, y: BlsScalar, k: JubJubScalar }
            impl Default for GadgetCircuit {
                fn default() -> Self { Self { x: BlsScalar::from(0xbeefu64), y: BlsScalar::from(0x1234u64), k: JubJubScalar::from(7u64) } }
            }
            impl Circuit for GadgetCircuit {
                fn circuit(&self, composer: &mut Composer) -> Result<(), Error> {
                    use dusk_bytes::Serializable;
                    let x = composer.append_witness(self.x);
                    let y = composer.append_witness(self.y);
                    composer.component_range::<8>(x);
                    let xor = composer.append_logic_xor::<8>(x, y);
                    let and = composer.append_logic_and::<8>(x, y);
                    let xv = u64::from_le_bytes(self.x.to_bytes()[..8].try_into().unwrap());
                    let yv = u64::from_le_bytes(self.y.to_bytes()[..8].try_into().unwrap());
                    composer.assert_equal_constant(xor, BlsScalar::zero(), Some(BlsScalar::from(xv ^ yv)));
                    composer.assert_equal_constant(and, BlsScalar::zero(), Some(BlsScalar::from(xv & yv)));
                    let k = composer.append_witness(self.k);
                    let p = composer.component_mul_generator(k, dusk_jubjub::GENERATOR_EXTENDED)?;
                    let q = composer.append_point(dusk_jubjub::GENERATOR_NUMS);
                    let s = composer.component_add_point(p, q);
                    let expected = JubJubAffine::from(dusk_jubjub::GENERATOR_EXTENDED * self.k + JubJubExtended::from(dusk_jubjub::GENERATOR_NUMS));
                    composer.assert_equal_public_point(s, expected);
                    let z = composer.gate_mul(Constraint::new().mult(1).a(x).b(y));
                    composer.assert_equal_constant(z, BlsScalar::zero(), Some(self.x * self.y));
                    Ok(())
                }
            }
        }
    };
}
circuits!(cur, dusk_plonk);
circuits!(old, dusk_plonk_old);

fn hx(b: &[u8]) -> String { hex::encode(b) }
fn version_name(v: PlonkVersion) -> &'static str { match v { PlonkVersion::V1 => "V1", PlonkVersion::V2 => "V2", _ => "V3" } }
const VERSIONS: [PlonkVersion; 3] = [PlonkVersion::V1, PlonkVersion::V2, PlonkVersion::V3];

/// rusk's verify_plonk_with_version, step for step.
fn rusk_answer(version: PlonkVersion, vd: &[u8], proof: &[u8], pis: &[BlsScalar]) -> String {
    match std::panic::catch_unwind(|| rusk_verify(version, vd, proof, pis)) {
        Ok(b) => b.to_string(),
        Err(_) => "\"panic\"".to_string(),
    }
}
fn rusk_verify(version: PlonkVersion, vd: &[u8], proof: &[u8], pis: &[BlsScalar]) -> bool {
    let verifier = match Verifier::try_from_bytes(vd) { Ok(v) => v, Err(_) => return false };
    let proof = match Proof::from_slice(proof) { Ok(p) => p, Err(_) => return false };
    verifier.verify_with_version(&proof, pis, version).is_ok()
}

fn pis_hex(pis: &[BlsScalar]) -> String {
    let v: Vec<String> = pis.iter().map(|p| format!("\"{}\"", hx(&p.to_bytes()))).collect();
    format!("[{}]", v.join(", "))
}

/// A change to one blob: xor a byte, overwrite bytes, cut to a length, or append bytes.
#[derive(Clone)]
enum Op { Xor(usize, u8), Set(usize, Vec<u8>), Cut(usize), Append(Vec<u8>) }
fn apply(b: &[u8], ops: &[Op]) -> Vec<u8> {
    let mut v = b.to_vec();
    for op in ops {
        match op {
            Op::Xor(i, m) => v[*i] ^= m,
            Op::Set(i, s) => v[*i..*i + s.len()].copy_from_slice(s),
            Op::Cut(n) => v.truncate(*n),
            Op::Append(s) => v.extend_from_slice(s),
        }
    }
    v
}
fn ops_json(ops: &[Op]) -> String {
    let v: Vec<String> = ops.iter().map(|o| match o {
        Op::Xor(i, m) => format!("{{\"xor\": [{}, {}]}}", i, m),
        Op::Set(i, s) => format!("{{\"set\": [{}, \"{}\"]}}", i, hx(s)),
        Op::Cut(n) => format!("{{\"cut\": {}}}", n),
        Op::Append(s) => format!("{{\"append\": \"{}\"}}", hx(s)),
    }).collect();
    format!("[{}]", v.join(", "))
}

struct Case { name: String, vd: Vec<Op>, proof: Vec<Op>, pis: Option<Vec<BlsScalar>> }

fn cases(vd: &[u8], proof: &[u8], pis: &[BlsScalar]) -> Vec<Case> {
    let mut out = vec![];
    let mut c = |name: String, vdo: Vec<Op>, po: Vec<Op>, p: Option<Vec<BlsScalar>>| out.push(Case { name, vd: vdo, proof: po, pis: p });
    c("valid".into(), vec![], vec![], None);
    let mut p = pis.to_vec(); p[0] += BlsScalar::one(); c("public input 0 + 1".into(), vec![], vec![], Some(p));
    let mut p = pis.to_vec(); p.push(BlsScalar::one()); c("one public input too many".into(), vec![], vec![], Some(p));
    c("no public inputs".into(), vec![], vec![], Some(vec![]));
    for i in 0..11 { c(format!("proof commitment {} byte 20 ^ 0x01", i), vec![], vec![Op::Xor(i * 48 + 20, 1)], None); }
    for i in 0..11 { c(format!("proof commitment {} sort flag flipped", i), vec![], vec![Op::Xor(i * 48, 0x20)], None); }
    c("proof commitment 5 (t_low) cleared compression flag".into(), vec![], vec![Op::Xor(5 * 48, 0x80)], None);
    let inf = dusk_bls12_381::G1Affine::identity().to_bytes().to_vec();
    c("proof commitment 5 (t_low) the point at infinity".into(), vec![], vec![Op::Set(5 * 48, inf.clone())], None);
    c("proof commitment 9 (w_z) the point at infinity".into(), vec![], vec![Op::Set(9 * 48, inf.clone())], None);
    let n_evals = (proof.len() - 11 * 48) / 32;
    for i in 0..n_evals { c(format!("proof evaluation {} low bit flipped", i), vec![], vec![Op::Xor(11 * 48 + i * 32, 1)], None); }
    let r_le = hex::decode("01000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73").unwrap();
    c("proof evaluation 0 = r (non-canonical)".into(), vec![], vec![Op::Set(11 * 48, r_le.clone())], None);
    c("proof evaluation 14 (z) = r (non-canonical)".into(), vec![], vec![Op::Set(11 * 48 + 14 * 32, r_le)], None);
    c("proof with a trailing byte".into(), vec![], vec![Op::Append(vec![0xff])], None);
    c("proof one byte short".into(), vec![], vec![Op::Cut(proof.len() - 1)], None);
    c("empty proof".into(), vec![], vec![Op::Cut(0)], None);
    c("vd with a trailing byte".into(), vec![Op::Append(vec![0xff])], vec![], None);
    c("vd one byte short".into(), vec![Op::Cut(vd.len() - 1)], vec![], None);
    c("vd of 47 bytes".into(), vec![Op::Cut(47)], vec![], None);
    c("empty vd".into(), vec![Op::Cut(0)], vec![], None);
    let label_len = u64::from_be_bytes(vd[0..8].try_into().unwrap()) as usize;
    let vk_len = u64::from_be_bytes(vd[8..16].try_into().unwrap()) as usize;
    let ok_len = u64::from_be_bytes(vd[16..24].try_into().unwrap()) as usize;
    c("vd label length + 1".into(), vec![Op::Xor(7, 1)], vec![], None);
    c("vd label length 2^63".into(), vec![Op::Xor(0, 0x80)], vec![], None);
    c("vd label length wrapping the length check (2^64 - 1)".into(), vec![Op::Set(0, u64::MAX.to_be_bytes().to_vec())], vec![], None);
    c("vd opening-key length wrapping the length check (2^64 - 8)".into(), vec![Op::Set(16, (u64::MAX - 7).to_be_bytes().to_vec())], vec![], None);
    c("vd public-input count 2^61 + 1 (8 times it wraps to 8)".into(), vec![Op::Set(24, ((1u64 << 61) + 1).to_be_bytes().to_vec())], vec![], None);
    c("vd size 2^59 (the dense inputs' capacity overflows)".into(), vec![Op::Set(32, (1u64 << 59).to_be_bytes().to_vec())], vec![], None);
    c("vd size 0 (every index out of bounds)".into(), vec![Op::Set(32, vec![0; 8])], vec![], None);
    c("vd verifier-key length - 1".into(), vec![Op::Set(8, ((vk_len - 1) as u64).to_be_bytes().to_vec())], vec![], None);
    c("vd opening-key length - 1".into(), vec![Op::Set(16, ((ok_len - 1) as u64).to_be_bytes().to_vec())], vec![], None);
    c("vd public-input count + 1".into(), vec![Op::Xor(31, 1)], vec![], None);
    c("vd size ^ 1".into(), vec![Op::Xor(39, 1)], vec![], None);
    c("vd constraints ^ 1".into(), vec![Op::Xor(47, 1)], vec![], None);
    c("vd label byte 0 ^ 0x01".into(), vec![Op::Xor(48, 1)], vec![], None);
    let vk_off = 48 + label_len;
    let ok_off = vk_off + vk_len;
    c("vk n ^ 1".into(), vec![Op::Xor(vk_off + 7, 1)], vec![], None);
    c("vk n = 0".into(), vec![Op::Set(vk_off, vec![0; 8])], vec![], None);
    c("vk n = 2^40".into(), vec![Op::Set(vk_off, (1u64 << 40).to_be_bytes().to_vec())], vec![], None);
    for i in 0..15 { c(format!("vk commitment {} byte 20 ^ 0x01", i), vec![Op::Xor(vk_off + 8 + i * 48 + 20, 1)], vec![], None); }
    for i in 0..15 { c(format!("vk commitment {} sort flag flipped", i), vec![Op::Xor(vk_off + 8 + i * 48, 0x20)], vec![], None); }
    c("vk's unused tail (past 15 commitments) altered".into(), vec![Op::Xor(vk_off + 8 + 15 * 48 + 10, 0xff)], vec![], None);
    c("opening key g: sort flag flipped".into(), vec![Op::Xor(ok_off, 0x20)], vec![], None);
    c("opening key g byte 20 ^ 0x01".into(), vec![Op::Xor(ok_off + 20, 1)], vec![], None);
    c("opening key h: sort flag flipped".into(), vec![Op::Xor(ok_off + 48, 0x20)], vec![], None);
    c("opening key h byte 60 ^ 0x01".into(), vec![Op::Xor(ok_off + 48 + 60, 1)], vec![], None);
    c("opening key x_h byte 60 ^ 0x01".into(), vec![Op::Xor(ok_off + 48 + 96 + 60, 1)], vec![], None);
    c("opening key x_h last byte ^ 0x01".into(), vec![Op::Xor(ok_off + 48 + 96 + 95, 1)], vec![], None);
    let pii_off = ok_off + ok_len;
    c("public input index 0 ^ 1".into(), vec![Op::Xor(pii_off + 7, 1)], vec![], None);
    c("public input index 0 = 2^32".into(), vec![Op::Set(pii_off, (1u64 << 32).to_be_bytes().to_vec())], vec![], None);
    out
}

fn emit(name: &str, vd: &[u8], proof: &[u8], pis: &[BlsScalar], proved: &str, first: bool) {
    if !first { println!(","); }
    println!("  {{\"name\": \"{}\", \"proved_with\": \"{}\", \"vd\": \"{}\", \"proof\": \"{}\", \"public_inputs\": {}, \"cases\": [", name, proved, hx(vd), hx(proof), pis_hex(pis));
    let cs = cases(vd, proof, pis);
    for (i, k) in cs.iter().enumerate() {
        let v = apply(vd, &k.vd);
        let p = apply(proof, &k.proof);
        let q = k.pis.clone().unwrap_or_else(|| pis.to_vec());
        let r: Vec<String> = VERSIONS.iter().map(|ver| format!("\"{}\": {}", version_name(*ver), rusk_answer(*ver, &v, &p, &q))).collect();
        let pj = match &k.pis { None => "null".to_string(), Some(x) => pis_hex(x) };
        println!("    {{\"name\": \"{}\", \"vd\": {}, \"proof\": {}, \"public_inputs\": {}, \"rusk\": {{{}}}}}{}", k.name, ops_json(&k.vd), ops_json(&k.proof), pj, r.join(", "), if i + 1 < cs.len() { "," } else { "" });
    }
    print!("  ]}}");
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let pp_bytes = std::fs::read("/tmp/plonkgen/pp_test.bin").unwrap();
    let pp = unsafe { PublicParameters::from_slice_unchecked(&pp_bytes) };
    let pp_old = unsafe { dusk_plonk_old::prelude::PublicParameters::from_slice_unchecked(&pp_bytes) };
    let rng = &mut StdRng::seed_from_u64(0x5eed_d05c);
    println!("{{\"fixtures\": [");
    // rusk's vm test circuit, label and a = 1, b = 2 (vm/tests/vm.rs plonk_proof)
    let (prover, verifier) = dusk_plonk::prelude::Compiler::compile::<cur::PlonkTestCircuit>(&pp, b"dusk-network").unwrap();
    let vd = verifier.to_bytes();
    let (prover_old, verifier_old) = dusk_plonk_old::prelude::Compiler::compile::<old::PlonkTestCircuit>(&pp_old, b"dusk-network").unwrap();
    assert_eq!(vd, verifier_old.to_bytes(), "both versions compile the same verifier data");
    let (proof, pis) = prover_old.prove(rng, &old::PlonkTestCircuit::new(1, 2)).unwrap();
    let pis: Vec<BlsScalar> = pis.iter().map(|p| BlsScalar::from_bytes(&p.to_bytes()).unwrap()).collect();
    emit("rusk vm test circuit (a = 1, b = 2)", &vd, &proof.to_bytes(), &pis, "V1", true);
    for v in [PlonkVersion::V2, PlonkVersion::V3] {
        let (proof, pis) = prover.prove_with_version(rng, &cur::PlonkTestCircuit::new(1, 2), v).unwrap();
        emit("rusk vm test circuit (a = 1, b = 2)", &vd, &proof.to_bytes(), &pis, version_name(v), false);
    }
    let mut last_proof = vec![];
    let (prover, verifier) = dusk_plonk::prelude::Compiler::compile::<cur::GadgetCircuit>(&pp, b"piecrust-as gadgets").unwrap();
    let vd = verifier.to_bytes();
    let (prover_old, verifier_old) = dusk_plonk_old::prelude::Compiler::compile::<old::GadgetCircuit>(&pp_old, b"piecrust-as gadgets").unwrap();
    assert_eq!(vd, verifier_old.to_bytes());
    let (proof, pis) = prover_old.prove(rng, &old::GadgetCircuit::default()).unwrap();
    let pis: Vec<BlsScalar> = pis.iter().map(|p| BlsScalar::from_bytes(&p.to_bytes()).unwrap()).collect();
    emit("gadget circuit (range, xor, and, fixed-base mul, point add, public point)", &vd, &proof.to_bytes(), &pis, "V1", false);
    for v in [PlonkVersion::V2, PlonkVersion::V3] {
        let (proof, pis) = prover.prove_with_version(rng, &cur::GadgetCircuit::default(), v).unwrap();
        emit("gadget circuit (range, xor, and, fixed-base mul, point add, public point)", &vd, &proof.to_bytes(), &pis, version_name(v), false);
        last_proof = proof.to_bytes().to_vec();
    }
    println!("\n], \"rusk_vd\": [");
    let mut names: Vec<_> = std::fs::read_dir("/tmp/plonkgen/vd").unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    names.truncate(1);
    for (i, p) in names.iter().enumerate() {
        let b = std::fs::read(p).unwrap();
        let v = Verifier::try_from_bytes(&b);
        // the circuit's public-input count, from the header (big-endian u64 at 24)
        let count = u64::from_be_bytes(b[24..32].try_into().unwrap()) as usize;
        let pis = vec![BlsScalar::one(); count];
        let r: Vec<String> = VERSIONS.iter().map(|ver| format!("\"{}\": {}", version_name(*ver), rusk_answer(*ver, &b, &last_proof, &pis))).collect();
        println!("  {{\"file\": \"{}\", \"vd\": \"{}\", \"parses\": {}, \"public_inputs\": {}, \"with_gadget_v3_proof_and_ones\": {{{}}}}}{}", p.file_name().unwrap().to_str().unwrap(), hx(&b), v.is_ok(), count, r.join(", "), if i + 1 < names.len() { "," } else { "" });
    }
    println!("]}}");
}
