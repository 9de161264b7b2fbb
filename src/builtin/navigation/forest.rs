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
    /// The same trees as complete ones, for walking without a branch ([`Complete`]).
    complete: Option<Complete>,
    /// For each tree, the most it and the trees after it can add (their largest leaves);
    /// one more, zero, at the end.
    headroom: Vec<f64>,
}

/// Every tree as a complete binary tree of one depth, stored level by level: node `k`'s
/// children are `2k + 1` and `2k + 2`, and a row's leaf is found by `depth` steps of
/// arithmetic, not by branches it mispredicts half the time (the walk was a fifth of the
/// rule's time on plain text). A leaf above the full depth stands in for a split whose two
/// sides are that leaf, so every row reaches the leaf it reached before.
struct Complete {
    depth: u32,
    /// Per tree, `2^depth - 1` splits (feature and threshold) in `2^depth` places, the last
    /// unused: a tree's splits and leaves are arrays of one power-of-two size.
    features: Vec<u8>,
    thresholds: Vec<f64>,
    /// Per tree, `2^depth` leaf values.
    leaves: Vec<f64>,
}

// A split's feature is kept in a byte (a tree's splits then fit in fewer cache lines).
const _: () = assert!(N <= 256);

/// Trees deeper than this keep the node walk (a complete tree doubles with each level).
const COMPLETE_MAX_DEPTH: u32 = 8;

impl Complete {
    fn of(nodes: &[Node], roots: &[u32]) -> Option<Complete> {
        fn depth(nodes: &[Node], i: usize) -> u32 {
            match nodes[i] {
                Node::Leaf(_) => 0,
                Node::Split(_, _, l, r) => {
                    1 + depth(nodes, l as usize).max(depth(nodes, r as usize))
                }
            }
        }
        fn fill(c: &mut Complete, nodes: &[Node], tree: usize, node: usize, k: usize, level: u32) {
            let (splits, width) = ((1usize << c.depth) - 1, 1usize << c.depth);
            if level == c.depth {
                if let Node::Leaf(v) = nodes[node] {
                    c.leaves[tree * width + k - splits] = v;
                }
                return;
            }
            let (left, right) = match nodes[node] {
                Node::Split(f, t, l, r) => {
                    c.features[tree * width + k] =
                        u8::try_from(f).expect("a feature index below 256");
                    c.thresholds[tree * width + k] = t;
                    (l as usize, r as usize)
                }
                // Both sides the same leaf: the split's feature and threshold do not matter.
                Node::Leaf(_) => (node, node),
            };
            fill(c, nodes, tree, left, 2 * k + 1, level + 1);
            fill(c, nodes, tree, right, 2 * k + 2, level + 1);
        }
        let depth = roots.iter().map(|&r| depth(nodes, r as usize)).max()?;
        if depth > COMPLETE_MAX_DEPTH {
            return None;
        }
        let width = 1usize << depth;
        let mut c = Complete {
            depth,
            features: vec![0; width * roots.len()],
            thresholds: vec![f64::INFINITY; width * roots.len()],
            leaves: vec![0.0; width * roots.len()],
        };
        for (tree, &root) in roots.iter().enumerate() {
            fill(&mut c, nodes, tree, root as usize, 0, 0);
        }
        Some(c)
    }

    /// The scores of `L` rows, walked through each tree together: their descents are
    /// independent chains of loads and comparisons, so the processor overlaps them (one
    /// row's walk waits on each level's load). `None` as soon as every row is known to be
    /// below `floor` (`headroom[t]`: the most the trees from `t` on can add); a row below it
    /// while another is not is scored to the end.
    fn score<const L: usize>(
        &self,
        base: f64,
        rows: [&[f64; N]; L],
        floor: f64,
        headroom: &[f64],
    ) -> Option<[f64; L]> {
        match self.depth {
            3 => return self.score_sized::<3, 8, L>(base, rows, floor, headroom),
            4 => return self.score_sized::<4, 16, L>(base, rows, floor, headroom),
            5 => return self.score_sized::<5, 32, L>(base, rows, floor, headroom),
            _ => {}
        }
        let (splits, width) = ((1usize << self.depth) - 1, 1usize << self.depth);
        let mut total = [base; L];
        for (tree, leaves) in self.leaves.chunks_exact(width).enumerate() {
            if tree % GIVE_UP_EVERY == 0 && below(&total, headroom[tree], floor) {
                return None;
            }
            let features = &self.features[tree * width..(tree + 1) * width];
            let thresholds = &self.thresholds[tree * width..(tree + 1) * width];
            for (row, total) in rows.iter().zip(&mut total) {
                let mut k = 0;
                for _ in 0..self.depth {
                    // Right unless at most the threshold (a NaN goes right, as in the walk).
                    let at_most = row[features[k] as usize] <= thresholds[k];
                    k = 2 * k + 1 + usize::from(!at_most);
                }
                *total += leaves[k - splits];
            }
        }
        Some(total)
    }

    /// [`Complete::score`] for trees of `DEPTH` levels (`WIDTH` = 2^`DEPTH`; the shipped
    /// model's are five), each tree's splits and leaves a fixed-size array: no bounds to
    /// check inside a tree.
    fn score_sized<const DEPTH: usize, const WIDTH: usize, const L: usize>(
        &self,
        base: f64,
        rows: [&[f64; N]; L],
        floor: f64,
        headroom: &[f64],
    ) -> Option<[f64; L]> {
        debug_assert_eq!(1 << DEPTH, WIDTH);
        let mut total = [base; L];
        let trees = self
            .features
            .chunks_exact(WIDTH)
            .zip(self.thresholds.chunks_exact(WIDTH))
            .zip(self.leaves.chunks_exact(WIDTH));
        for (tree, ((features, thresholds), leaves)) in trees.enumerate() {
            if tree % GIVE_UP_EVERY == 0 && below(&total, headroom[tree], floor) {
                return None;
            }
            let (features, thresholds, leaves): (&[u8; WIDTH], &[f64; WIDTH], &[f64; WIDTH]) = (
                features.try_into().expect("a tree's splits"),
                thresholds.try_into().expect("a tree's splits"),
                leaves.try_into().expect("a tree's leaves"),
            );
            // Level by level, every row a step at a time (the rows' steps interleave). Right
            // unless at most the threshold (a NaN goes right, as in the walk). A split's
            // place is below `WIDTH - 1`: the mask only tells the compiler so.
            let mut k = [0usize; L];
            for _ in 0..DEPTH {
                for (k, row) in k.iter_mut().zip(&rows) {
                    let at_most =
                        row[features[*k & (WIDTH - 1)] as usize] <= thresholds[*k & (WIDTH - 1)];
                    *k = 2 * *k + 1 + usize::from(!at_most);
                }
            }
            for (total, k) in total.iter_mut().zip(k) {
                *total += leaves[(k + 1 - WIDTH) & (WIDTH - 1)];
            }
        }
        Some(total)
    }
}

/// Whether every row's score so far, with the remaining trees' largest leaves, stays
/// below `floor`.
fn below(total: &[f64], headroom: f64, floor: f64) -> bool {
    total.iter().all(|t| t + headroom < floor - MARGIN)
}

/// Rows scored together ([`Forest::scores_reaching`]).
const LANES: usize = 4;

/// Trees scored between two looks at whether the scores can still reach their floor.
const GIVE_UP_EVERY: usize = 8;
/// Room left for rounding when giving up (scores are sums of a few hundred leaves of a size
/// near one: their rounding is some twelve orders smaller).
const MARGIN: f64 = 1e-6;

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
        let complete = Complete::of(&nodes, &roots);
        let mut headroom = vec![0.0; roots.len() + 1];
        for (t, &root) in roots.iter().enumerate().rev() {
            let end = roots.get(t + 1).map_or(nodes.len(), |&r| r as usize);
            let most = nodes[root as usize..end]
                .iter()
                .filter_map(|n| match n {
                    Node::Leaf(v) => Some(*v),
                    Node::Split(..) => None,
                })
                .fold(f64::NEG_INFINITY, f64::max);
            headroom[t] = headroom[t + 1] + most;
        }
        Ok(Forest {
            base: p.base,
            nodes,
            roots,
            complete,
            headroom,
        })
    }

    /// The score (log-odds) of a feature row.
    #[cfg(test)]
    pub(super) fn score(&self, row: &[f64; N]) -> f64 {
        self.score_reaching(row, f64::NEG_INFINITY)
            .unwrap_or(f64::NEG_INFINITY)
    }

    /// The score of a feature row, or `None` once it is known to be below `floor`. The bound
    /// (the remaining trees' largest leaves) is loose: with the shipped model a line of a
    /// page dump is given up on after about 97 % of its trees on average (a simulation over
    /// the benchmark's page dumps), so this saves little; it costs one comparison per eight
    /// trees.
    pub(super) fn score_reaching(&self, row: &[f64; N], floor: f64) -> Option<f64> {
        match &self.complete {
            Some(c) => c
                .score(self.base, [row], floor, &self.headroom)
                .map(|[s]| s),
            None => Some(self.walk(row)),
        }
    }

    /// The scores of many rows, as [`Forest::score_reaching`] gives each, except that a
    /// row below `floor` may be scored to the end rather than given up on (`Some` of a
    /// score below `floor`): rows go through the trees [`LANES`] at a time.
    pub(super) fn scores_reaching(&self, rows: &[&[f64; N]], floor: f64) -> Vec<Option<f64>> {
        let Some(c) = &self.complete else {
            return rows.iter().map(|r| Some(self.walk(r))).collect();
        };
        let mut out = Vec::with_capacity(rows.len());
        let mut groups = rows.chunks_exact(LANES);
        for group in &mut groups {
            let group: [&[f64; N]; LANES] = group.try_into().expect("a group of LANES rows");
            match c.score(self.base, group, floor, &self.headroom) {
                Some(scores) => out.extend(scores.map(Some)),
                None => out.extend([None; LANES]),
            }
        }
        for row in groups.remainder() {
            out.push(self.score_reaching(row, floor));
        }
        out
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

    /// The complete trees give the node walk's score exactly, for trees of every shape
    /// (leaves at every depth, a feature's NaN) and for the shipped model.
    #[test]
    fn complete_trees_score_as_the_walk_does() {
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
        for depth in [0, 1, 3, 4, 5, 6] {
            let trees = (0..20)
                .map(|_| {
                    let mut t = Vec::new();
                    grow(&mut next, depth, &mut t);
                    t
                })
                .collect();
            forests.push(Forest::new(&params(trees)).expect("valid"));
        }
        forests.push(super::super::shipped_forest());
        for f in &forests {
            assert!(f.complete.is_some());
            let mut rows = Vec::new();
            for _ in 0..300 {
                let mut row = [0.0; N];
                for v in row.iter_mut() {
                    *v = match next() % 4 {
                        0 => 0.0,
                        1 => 1.0,
                        _ => (next() % 400) as f64 / 20.0 - 5.0,
                    };
                }
                if next() % 10 == 0 {
                    row[(next() % N as u64) as usize] = f64::NAN;
                }
                let full = f.walk(&row);
                assert_eq!(f.score(&row).to_bits(), full.to_bits());
                // Given up on only below the floor; otherwise the same score to the bit.
                for floor in [-3.0, -0.5, 0.0, 1.1, 4.0] {
                    match f.score_reaching(&row, floor) {
                        None => assert!(full < floor, "{full} given up below {floor}"),
                        Some(s) => assert_eq!(s.to_bits(), full.to_bits()),
                    }
                }
                rows.push(row);
            }
            // Scored together (groups of LANES and a remainder), each row as alone: the
            // same score to the bit, or given up on below the floor.
            for n in [0, 1, LANES - 1, LANES, 2 * LANES + 3, rows.len()] {
                let batch: Vec<&[f64; N]> = rows[..n].iter().collect();
                for floor in [f64::NEG_INFINITY, -0.5, 1.1] {
                    let scores = f.scores_reaching(&batch, floor);
                    assert_eq!(scores.len(), n);
                    for (row, score) in batch.iter().zip(scores) {
                        let full = f.walk(row);
                        match score {
                            Some(s) if full >= floor => assert_eq!(s.to_bits(), full.to_bits()),
                            Some(s) => assert!(s < floor && s.to_bits() == full.to_bits()),
                            None => assert!(full < floor, "{full} given up below {floor}"),
                        }
                    }
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
