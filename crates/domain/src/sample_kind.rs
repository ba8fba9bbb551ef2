//! The kinds of sample a buyer approves (lab dip, fit, PP, …). Apart from [`crate::samples`] so
//! that a production gate can name the kind it waits for without the gates depending on the
//! sample records and their rules.

crate::code_enum! {
    pub enum SampleKind default LabDip {
        /// 初样/开发样: the first make of a style in development, often before the buyer orders.
        Proto = "proto",
        LabDip = "lab_dip",
        StrikeOff = "strike_off",
        Fit = "fit",
        /// 推销样/展会样 (SMS): pieces the buyer sells or shows from, at trade fairs too.
        Salesman = "salesman",
        SizeSet = "size_set",
        PreProduction = "pp",
        Shipping = "shipping",
        Misc = "other",
    }
}
