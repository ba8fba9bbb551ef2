//! The roles people play in a team (跟单员, QC, …): the workspace lists who has which, and a T&A
//! milestone names the role that owns it. Its own module so that both can name it without the
//! T&A rules depending on the workspace document.

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
