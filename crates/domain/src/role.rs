//! The roles people play in a team (跟单员, QC, …): the workspace lists who has which, and a T&A
//! milestone names the role that owns it. Its own module so that both can name it without the
//! T&A rules depending on the workspace document.

/// Whether two names a device recorded are the same person, as the four-eyes rules compare them
/// (a receipt's recorder and its confirmer, a charge's raiser and its approver): spacing and case
/// aside; an empty name is nobody.
pub fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && a.to_lowercase() == b.to_lowercase()
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
