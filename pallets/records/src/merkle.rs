//! The binary Merkle tree over a device batch's readings.
//!
//! Leaves are 32-byte hashes the device's gateway computes (for example
//! `blake2_256(salt ++ SCALE(reading))`; the salt keeps readings unguessable from the root).
//! A parent is `blake2_256(left ++ right)`. A level with an odd number of nodes promotes its last
//! node to the next level unchanged. The root of one leaf is the leaf itself.
//!
//! A proof for leaf `index` lists the siblings from the leaf level up, skipping levels where the
//! node is promoted. [`verify`] needs the leaf count to know where that happens.
//!
//! The root does not commit to the leaf count: a proof may also verify against a larger count.
//! Gateways should therefore bind each reading's index into its leaf
//! (`blake2_256(salt ++ index ++ SCALE(reading))`), so a leaf proves its own position.

use alloc::vec::Vec;
use polkadot_sdk::{sp_core::H256, sp_io::hashing::blake2_256};

fn parent(left: &H256, right: &H256) -> H256 {
	let mut both = [0u8; 64];
	both[..32].copy_from_slice(left.as_bytes());
	both[32..].copy_from_slice(right.as_bytes());
	H256(blake2_256(&both))
}

/// The level above `level`: pairs hashed, an odd last node promoted.
fn next_level(level: &[H256]) -> Vec<H256> {
	level
		.chunks(2)
		.map(|pair| match pair {
			[left, right] => parent(left, right),
			[single, ..] => *single,
			[] => H256::zero(),
		})
		.collect()
}

/// The root over `leaves`; `None` if there are none.
pub fn root(leaves: &[H256]) -> Option<H256> {
	let mut level: Vec<H256> = leaves.to_vec();
	while level.len() > 1 {
		level = next_level(&level);
	}
	level.first().copied()
}

/// The proof that `leaves[index]` is in the tree; `None` if `index` is out of range.
pub fn proof(leaves: &[H256], index: u32) -> Option<Vec<H256>> {
	let mut index = index as usize;
	if index >= leaves.len() {
		return None;
	}
	let mut level: Vec<H256> = leaves.to_vec();
	let mut siblings = Vec::new();
	while level.len() > 1 {
		let sibling = index ^ 1;
		if let Some(node) = level.get(sibling) {
			siblings.push(*node);
		}
		level = next_level(&level);
		index /= 2;
	}
	Some(siblings)
}

/// Whether `leaf` is leaf number `index` of the `count`-leaf tree with `root`, by `proof`.
pub fn verify(root: H256, count: u32, leaf: H256, index: u32, proof: &[H256]) -> bool {
	if index >= count {
		return false;
	}
	let (mut node, mut index, mut width) = (leaf, index, count);
	let mut siblings = proof.iter();
	while width > 1 {
		let promoted = index == width - 1 && width % 2 == 1;
		if !promoted {
			let Some(sibling) = siblings.next() else { return false };
			node = if index % 2 == 0 { parent(&node, sibling) } else { parent(sibling, &node) };
		}
		index /= 2;
		width = width.div_ceil(2);
	}
	siblings.next().is_none() && node == root
}

#[cfg(test)]
mod tests {
	use super::*;

	fn leaves(n: u32) -> Vec<H256> {
		(0..n).map(|i| H256(blake2_256(&i.to_le_bytes()))).collect()
	}

	#[test]
	fn every_leaf_of_every_tree_size_verifies_and_nothing_else_does() {
		for n in 1..=17u32 {
			let leaves = leaves(n);
			let root = root(&leaves).expect("non-empty");
			for i in 0..n {
				let proof = proof(&leaves, i).expect("in range");
				assert!(verify(root, n, leaves[i as usize], i, &proof), "n={n} i={i}");
				// The wrong index, the wrong leaf, a count that excludes the index or a padded
				// proof fail.
				assert!(!verify(root, n, leaves[i as usize], (i + 1) % n.max(2), &proof));
				assert!(!verify(root, n, H256::repeat_byte(1), i, &proof));
				assert!(!verify(root, i, leaves[i as usize], i, &proof));
				let mut padded = proof.clone();
				padded.push(H256::zero());
				assert!(!verify(root, n, leaves[i as usize], i, &padded));
			}
			assert!(!verify(root, n, leaves[0], n, &[]));
			assert_eq!(proof(&leaves, n), None);
		}
		assert_eq!(root(&[]), None);
	}
}
