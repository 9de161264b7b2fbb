//! The scoring model: gradient-boosted decision trees, fitted by `scripts/nav_fit.py` and
//! shipped as data in the rule's TOML (`[builtin.model]`). A line's score is the base plus
//! one leaf of each tree — a log-odds, compared with the thresholds' log-odds.

use super::features::{N, NAMES};

/// `[builtin.model]` as written by `scripts/nav_fit.py`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Params {
    /// The feature names the trees' feature indexes refer to, in order.
    features: Vec<String>,
    /// The score before any tree.
    base: f64,
    /// Each tree, its nodes in order, separated by commas: `feature threshold left right`
    /// (go left when the feature is at most the threshold) or a leaf `value`. One string a
    /// tree, not nested arrays of numbers: read in a fraction of the time (start-up).
    trees: Vec<String>,
}

/// A tree's nodes from its text (`Params::trees`): each node's numbers.
fn tree_nodes(text: &str) -> Result<Vec<Vec<f64>>, String> {
    text.split(',')
        .enumerate()
        .map(|(i, node)| {
            node.split_whitespace()
                .map(|n| {
                    n.parse::<f64>()
                        .map_err(|_| format!("node {i}: `{n}` is not a number"))
                })
                .collect()
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Node {
    /// Feature (an index into [`NAMES`]), threshold, left and right child (indexes into
    /// [`Forest::nodes`]).
    Split(usize, f64, u32, u32),
    Leaf(f64),
}

/// The trees, flattened into one array of nodes.
pub(super) struct Forest {
    base: f64,
    nodes: Vec<Node>,
    roots: Vec<u32>,
    /// The same trees by feature, for scoring without walking ([`ByFeature`]).
    by_feature: Option<ByFeature>,
}

/// The trees' splits grouped by feature, each feature's sorted by threshold, for scoring a
/// row feature by feature instead of tree by tree (the QuickScorer scheme of Lucchese et
/// al., SIGIR 2015). A tree's leaves are numbered left to right and a row's exit leaf is
/// the leftmost whose every split on the way lets the row through: each split the row does
/// not pass (its value above the threshold, or NaN) clears the leaves of its left side from
/// its tree's mask, and the exit leaf is the lowest bit left. The row's splits it passes
/// need no work, and a feature's splits are read only up to the first threshold at least
/// the row's value: most features of a line are zero, below most thresholds, so a row
/// costs a fraction of a walk's dependent loads and comparisons (the walk was a tenth of
/// the rule's time on page dumps, and almost no row could be given up on early: the
/// remaining trees' largest leaves bound a score too loosely).
struct ByFeature {
    /// Per feature, its splits' range in `cuts`, and its lowest threshold (infinity when
    /// no split reads it).
    spans: Vec<(u32, u32)>,
    lowest: Vec<f64>,
    /// The splits' thresholds, by feature and then ascending, and beside them (same
    /// index) what a row that goes right clears: apart, so a feature's splits a row goes
    /// right at are found by a binary search and then cleared with no comparison each.
    thresholds: Vec<f64>,
    clears: Vec<Clear>,
    /// Per tree, `2^depth` leaf values left to right (a leaf above the deepest level
    /// repeated over the places below it).
    leaves: Vec<f64>,
    depth: u32,
    trees: usize,
}

/// One split, as [`ByFeature`] is made from it.
#[derive(Debug, Clone, Copy)]
struct Cut {
    threshold: f64,
    tree: u32,
    /// The tree's leaves still reachable when a row does not pass: all but the left side's.
    keep: u64,
}

/// What a split does to a row that goes right: its tree's leaves that stay reachable.
#[derive(Debug, Clone, Copy)]
struct Clear {
    keep: u64,
    tree: u32,
}

/// Trees deeper than this keep the node walk (a tree's leaves are bits of a `u64`).
const BY_FEATURE_MAX_DEPTH: u32 = 6;

impl ByFeature {
    fn of(nodes: &[Node], roots: &[u32]) -> Option<ByFeature> {
        fn depth(nodes: &[Node], i: usize) -> u32 {
            match nodes[i] {
                Node::Leaf(_) => 0,
                Node::Split(_, _, l, r) => {
                    1 + depth(nodes, l as usize).max(depth(nodes, r as usize))
                }
            }
        }
        /// Node `node` of tree `tree`, over the tree's leaf places `places` (a split's
        /// left side the first half, its right side the second).
        fn fill(
            nodes: &[Node],
            tree: u32,
            node: usize,
            places: std::ops::Range<usize>,
            leaves: &mut [f64],
            cuts: &mut Vec<(usize, Cut)>,
        ) {
            match nodes[node] {
                // A leaf above the deepest level: every place under it.
                Node::Leaf(v) => leaves[places].fill(v),
                Node::Split(f, threshold, l, r) => {
                    let middle = places.start + places.len() / 2;
                    let left = ((1u64 << (middle - places.start)) - 1) << places.start;
                    let keep = !left;
                    cuts.push((
                        f,
                        Cut {
                            threshold,
                            tree,
                            keep,
                        },
                    ));
                    fill(nodes, tree, l as usize, places.start..middle, leaves, cuts);
                    fill(nodes, tree, r as usize, middle..places.end, leaves, cuts);
                }
            }
        }
        let depth = roots.iter().map(|&r| depth(nodes, r as usize)).max()?;
        if depth > BY_FEATURE_MAX_DEPTH {
            return None;
        }
        let width = 1usize << depth;
        let mut leaves = vec![0.0; width * roots.len()];
        let mut cuts = Vec::new();
        for (tree, &root) in roots.iter().enumerate() {
            let places = &mut leaves[tree * width..(tree + 1) * width];
            let tree = u32::try_from(tree).ok()?;
            fill(nodes, tree, root as usize, 0..width, places, &mut cuts);
        }
        // By feature, then threshold (a stable sort: equal thresholds in tree order).
        cuts.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.threshold.total_cmp(&b.1.threshold)));
        let mut spans = vec![(0u32, 0u32); N];
        let mut lowest = vec![f64::INFINITY; N];
        for (i, (f, c)) in cuts.iter().enumerate() {
            let i = u32::try_from(i).ok()?;
            if spans[*f].1 == 0 {
                spans[*f] = (i, i);
                lowest[*f] = c.threshold;
            }
            spans[*f].1 = i + 1;
        }
        Some(ByFeature {
            spans,
            lowest,
            thresholds: cuts.iter().map(|(_, c)| c.threshold).collect(),
            clears: cuts
                .iter()
                .map(|(_, c)| Clear {
                    keep: c.keep,
                    tree: c.tree,
                })
                .collect(),
            leaves,
            depth,
            trees: roots.len(),
        })
    }

    /// The row's score: `base` plus each tree's exit leaf, added in the trees' order (as
    /// the walk adds them: the same sum to the bit). `masks` is room for one per tree.
    fn score(&self, base: f64, row: &[f64; N], masks: &mut Vec<u64>) -> f64 {
        masks.clear();
        masks.resize(self.trees, u64::MAX);
        for ((&x, &lowest), &(from, to)) in row.iter().zip(&self.lowest).zip(&self.spans) {
            // At most every threshold of the feature (most of a line's features: zero):
            // the row passes all its splits. A NaN passes none.
            if x <= lowest {
                continue;
            }
            // Left when at most the threshold (a NaN goes right, as in the walk); the
            // thresholds ascend, so the row goes right at a first run of them and passes
            // every split after it.
            let (from, to) = (from as usize, to as usize);
            let right = self.thresholds[from..to].partition_point(|&t| x > t || x.is_nan());
            for c in &self.clears[from..from + right] {
                masks[c.tree as usize] &= c.keep;
            }
        }
        let width = 1usize << self.depth;
        let mut total = base;
        for (leaves, &m) in self.leaves.chunks_exact(width).zip(masks.iter()) {
            total += leaves[m.trailing_zeros() as usize & (width - 1)];
        }
        total
    }
}

impl Forest {
    /// Check and flatten the fitted trees: every feature known, every child after its
    /// parent in the same tree (so a walk always ends at a leaf).
    pub(super) fn new(p: &Params) -> Result<Forest, String> {
        let features =
            p.features
                .iter()
                .map(|name| {
                    NAMES.iter().position(|n| n == name).ok_or_else(|| {
                        format!("`model.features` names an unknown feature `{name}`")
                    })
                })
                .collect::<Result<Vec<usize>, String>>()?;
        let mut nodes = Vec::new();
        let mut roots = Vec::with_capacity(p.trees.len());
        for (t, text) in p.trees.iter().enumerate() {
            let bad = |what: &str| format!("`model.trees` tree {t}: {what}");
            let tree = tree_nodes(text).map_err(|e| bad(&e))?;
            if tree.is_empty() {
                return Err(bad("no nodes"));
            }
            let offset = nodes.len();
            roots.push(u32::try_from(offset).map_err(|_| bad("too many nodes"))?);
            for (i, node) in tree.iter().enumerate() {
                let child = |v: f64| -> Result<u32, String> {
                    // A child index: a whole number after this node, inside the tree.
                    if v.fract() != 0.0 || v <= i as f64 || v >= tree.len() as f64 {
                        return Err(bad(&format!("node {i} has a child {v} out of order")));
                    }
                    u32::try_from(offset + v as usize).map_err(|_| bad("too many nodes"))
                };
                nodes.push(match node.as_slice() {
                    [value] => Node::Leaf(*value),
                    [feature, threshold, left, right] => {
                        let f = *feature;
                        if f.fract() != 0.0 || f < 0.0 || f as usize >= features.len() {
                            return Err(bad(&format!("node {i} has no feature {f}")));
                        }
                        Node::Split(
                            features[f as usize],
                            *threshold,
                            child(*left)?,
                            child(*right)?,
                        )
                    }
                    _ => {
                        return Err(bad(&format!(
                            "node {i} is neither `value` nor `feature threshold left right`"
                        )))
                    }
                });
            }
        }
        let by_feature = ByFeature::of(&nodes, &roots);
        Ok(Forest {
            base: p.base,
            nodes,
            roots,
            by_feature,
        })
    }

    /// The score (log-odds) of a feature row.
    #[cfg(test)]
    pub(super) fn score(&self, row: &[f64; N]) -> f64 {
        self.scores(&[row])[0]
    }

    /// The scores of feature rows.
    pub(super) fn scores(&self, rows: &[&[f64; N]]) -> Vec<f64> {
        let Some(b) = &self.by_feature else {
            return rows.iter().map(|r| self.walk(r)).collect();
        };
        let mut masks = Vec::with_capacity(b.trees);
        rows.iter()
            .map(|r| b.score(self.base, r, &mut masks))
            .collect()
    }

    /// The score by walking each tree's nodes.
    fn walk(&self, row: &[f64; N]) -> f64 {
        let mut total = self.base;
        for &root in &self.roots {
            let mut i = root as usize;
            loop {
                match self.nodes[i] {
                    Node::Leaf(v) => {
                        total += v;
                        break;
                    }
                    Node::Split(f, t, left, right) => {
                        i = if row[f] <= t { left } else { right } as usize;
                    }
                }
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trees as node lists, written as the rule's TOML writes them.
    fn params(trees: Vec<Vec<Vec<f64>>>) -> Params {
        let text = |tree: Vec<Vec<f64>>| {
            tree.iter()
                .map(|node| {
                    node.iter()
                        .map(f64::to_string)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        Params {
            features: vec!["bias".to_string(), "words_1".to_string()],
            base: -1.0,
            trees: trees.into_iter().map(text).collect(),
        }
    }

    #[test]
    fn a_row_goes_left_when_at_most_the_threshold() {
        let f = Forest::new(&params(vec![
            vec![vec![1.0, 0.5, 1.0, 2.0], vec![-0.25], vec![2.0]],
            vec![vec![0.5]],
        ]))
        .expect("valid");
        let mut row = [0.0; N];
        assert_eq!(f.score(&row), -1.0 - 0.25 + 0.5);
        row[NAMES.iter().position(|n| *n == "words_1").expect("known")] = 1.0;
        assert_eq!(f.score(&row), -1.0 + 2.0 + 0.5);
    }

    /// Scored feature by feature, a row gets the node walk's score exactly (the same sum to
    /// the bit), for trees of every shape (leaves at every depth, thresholds a row's value
    /// equals, a feature's NaN), for trees too deep for it (the walk itself) and for the
    /// shipped model; alone or many rows together.
    #[test]
    fn scores_by_feature_are_the_walks() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // A random tree of up to `depth` levels over features 0 and 1, children after
        // their parents.
        fn grow(next: &mut dyn FnMut() -> u64, depth: u32, out: &mut Vec<Vec<f64>>) -> usize {
            let at = out.len();
            let v = (next() % 100) as f64 / 25.0 - 2.0;
            if depth == 0 || next() % 3 == 0 {
                out.push(vec![v]);
                return at;
            }
            out.push(vec![(next() % 2) as f64, v / 2.0, 0.0, 0.0]);
            let l = grow(next, depth - 1, out);
            let r = grow(next, depth - 1, out);
            out[at][2] = l as f64;
            out[at][3] = r as f64;
            at
        }
        let mut forests = Vec::new();
        for depth in [0, 1, 3, 4, 5, 6, 7] {
            let trees = (0..20)
                .map(|_| {
                    let mut t = Vec::new();
                    grow(&mut next, depth, &mut t);
                    t
                })
                .collect();
            forests.push(Forest::new(&params(trees)).expect("valid"));
        }
        // A chain of seven splits: its 128 leaves are not bits of a `u64`, so it is walked.
        let mut chain: Vec<Vec<f64>> = Vec::new();
        for level in 0..7 {
            let at = chain.len() as f64;
            chain.push(vec![
                (level % 2) as f64,
                0.5 - level as f64 / 4.0,
                at + 1.0,
                at + 2.0,
            ]);
            chain.push(vec![level as f64]);
        }
        chain.push(vec![7.0]);
        let deep = Forest::new(&params(vec![chain])).expect("valid");
        assert!(deep.by_feature.is_none());
        forests.push(deep);
        forests.push(super::super::shipped_forest());
        assert!(forests.last().is_some_and(|f| f.by_feature.is_some()));
        for f in &forests {
            let mut rows = Vec::new();
            for _ in 0..300 {
                let mut row = [0.0; N];
                for v in row.iter_mut() {
                    *v = match next() % 4 {
                        0 => 0.0,
                        1 => 1.0,
                        2 => ((next() % 100) as f64 / 25.0 - 2.0) / 2.0,
                        _ => (next() % 400) as f64 / 20.0 - 5.0,
                    };
                }
                if next() % 10 == 0 {
                    row[(next() % N as u64) as usize] = f64::NAN;
                }
                assert_eq!(f.score(&row).to_bits(), f.walk(&row).to_bits());
                rows.push(row);
            }
            for n in [0, 1, 7, rows.len()] {
                let batch: Vec<&[f64; N]> = rows[..n].iter().collect();
                let scores = f.scores(&batch);
                assert_eq!(scores.len(), n);
                for (row, score) in batch.iter().zip(scores) {
                    assert_eq!(score.to_bits(), f.walk(row).to_bits());
                }
            }
        }
    }

    #[test]
    fn malformed_trees_are_errors() {
        // A child before its parent would loop; a feature past the list is unknown.
        for trees in [
            vec![vec![vec![1.0, 0.5, 0.0, 1.0], vec![1.0]]],
            vec![vec![vec![7.0, 0.5, 1.0, 2.0], vec![1.0], vec![2.0]]],
            vec![vec![vec![1.0, 0.5]]],
            vec![vec![]],
        ] {
            assert!(Forest::new(&params(trees)).is_err());
        }
        let mut p = params(vec![vec![vec![1.0]]]);
        p.features.push("no_such_feature".to_string());
        assert!(Forest::new(&p).is_err());
        // A word that is not a number is named, with its tree and node.
        let mut p = params(Vec::new());
        p.trees = vec!["0 0.5 1 2, 1.5, two".to_string()];
        let e = Forest::new(&p).err().expect("an error");
        assert!(
            e.contains("tree 0") && e.contains("node 2: `two` is not a number"),
            "{e}"
        );
    }
}
