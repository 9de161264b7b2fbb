//! `[consistency]`: one term written several ways in one document. The first form used
//! sets the norm; later other forms are reported.
//!
//! ```toml
//! [consistency]
//! variants = [["email", "e-mail"], ["website", "web site"]]
//! fix = "unsafe"          # replace with the norm; default display-only
//! ```
//! Message and help may use `{match}` and `{norm}`.

use serde::Deserialize;

use super::{match_case, FixPolicy, Terms};
use crate::diagnostic::{Edit, Fix};
use crate::document::Document;
use crate::rule::{Check, CompileError, Context, KindTable};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Spec {
    variants: Vec<Vec<String>>,
    #[serde(default = "display_only")]
    fix: FixPolicy,
}

fn display_only() -> FixPolicy {
    FixPolicy::DisplayOnly
}

pub(super) struct Consistency {
    terms: Terms,
    /// For each term index: its variant group.
    owner: Vec<usize>,
    groups: usize,
    fix: FixPolicy,
}

/// Compile a `[consistency]` table.
pub(crate) fn compile(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    Ok(Box::new(Consistency::compile(table.parse()?)?))
}

impl Consistency {
    fn compile(spec: Spec) -> Result<Consistency, CompileError> {
        let mut all = Vec::new();
        let mut owner = Vec::new();
        for (g, variants) in spec.variants.iter().enumerate() {
            if variants.len() < 2 {
                return Err(CompileError::new(
                    None,
                    format!("variant group {} needs at least two forms", g + 1),
                ));
            }
            for term in variants {
                all.push(term.clone());
                owner.push(g);
            }
        }
        Ok(Consistency {
            terms: Terms::new(&all, true),
            owner,
            groups: spec.variants.len(),
            fix: spec.fix,
        })
    }

    /// Variants differ only in case? Then they are the same form here.
    fn same(a: &str, b: &str) -> bool {
        a.eq_ignore_ascii_case(b)
    }
}

impl Check for Consistency {
    fn fixes(&self) -> bool {
        self.fix != FixPolicy::None
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let mut norm: Vec<Option<String>> = vec![None; self.groups];
        for block in cx.blocks(doc) {
            let text = block.text();
            for (r, i) in self.terms.find_iter(text) {
                let g = self.owner[i];
                let form = self.terms.term(i);
                match &norm[g] {
                    None => norm[g] = Some(form.to_string()),
                    Some(n) if Self::same(n, form) => {}
                    Some(n) => {
                        let m = &text[r.clone()];
                        let rep = match_case(m, n);
                        let span = block.prose.map_range(r.clone());
                        let exact = block.prose.exact_range(r.clone());
                        let n = n.clone();
                        let d = cx.report(span, &[("match", m), ("norm", &n)]);
                        d.notes
                            .push(format!("`{n}` is used first in this document"));
                        if let (Some(app), Some(range)) = (self.fix.applicability(), exact) {
                            let title = format!("write `{rep}`");
                            d.fix = Edit::checked(&doc.text, range, rep)
                                .map(|e| Fix::one(title, app, e));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kinds::test_util::{flagged, rule};

    #[test]
    fn first_form_sets_the_norm() {
        let r = rule(
            "[consistency]\nvariants = [[\"email\", \"e-mail\"]]",
            "email, ⟦e-mail⟧",
            "email",
        );
        assert_eq!(
            flagged(&r, "Send an e-mail.\n\nThen an email, then an E-mail."),
            ["email"]
        );
    }
}
