//! The roles people play in a team (跟单员, QC, …): the workspace lists who has which, and a T&A
//! milestone names the role that owns it. Its own module so that both can name it without the
//! T&A rules depending on the workspace document.

/// Whether two names a device recorded are the same person, as the four-eyes rules compare them
/// (a receipt's recorder and its confirmer, a charge's raiser and its approver): spacing, case,
/// invisible characters and full-width forms aside ([`text_key`]); an empty name is nobody.
/// Erring towards "the same" only refuses a confirmation someone else then makes.
pub fn same_person(a: &str, b: &str) -> bool {
    same_text(a, b)
}

/// Whether two texts are the same name or reference by [`text_key`]; an empty one is none (two
/// blank references are not one transfer).
pub fn same_text(a: &str, b: &str) -> bool {
    let a = text_key(a);
    !a.is_empty() && a == text_key(b)
}

/// A name or reference as the rules compare it: case, every space and invisible character
/// (zero-width, byte-order mark) aside, and the full-width forms a Chinese input method types
/// (ＤＮ－７, ｌｉ) read as their ASCII.
pub fn text_key(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .flat_map(char::to_lowercase)
        .collect()
}

crate::code_enum! {
    pub enum Role default Merchandiser {
        /// 跟单员
        Merchandiser = "merchandiser",
        Qc = "qc",
        FactoryContact = "factory_contact",
        Finance = "finance",
        Manager = "manager",
    }
}
