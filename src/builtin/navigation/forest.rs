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
    /// Each tree's nodes in order: `[feature, threshold, left, right]` (go left when the
    /// feature is at most the threshold) or a leaf `[value]`.
    trees: Vec<Vec<Vec<f64>>>,
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
        for (t, tree) in p.trees.iter().enumerate() {
            let bad = |what: &str| format!("`model.trees` tree {t}: {what}");
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
                            "node {i} is neither [value] nor [feature, threshold, left, right]"
                        )))
                    }
                });
            }
        }
        Ok(Forest {
            base: p.base,
            nodes,
            roots,
        })
    }

    /// The score (log-odds) of a feature row.
    pub(super) fn score(&self, row: &[f64; N]) -> f64 {
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

    fn params(trees: Vec<Vec<Vec<f64>>>) -> Params {
        Params {
            features: vec!["bias".to_string(), "words_1".to_string()],
            base: -1.0,
            trees,
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
    }
}
