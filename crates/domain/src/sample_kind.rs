//! The kinds of sample a buyer approves (lab dip, fit, PP, …). Apart from [`crate::samples`] so
//! that a production gate can name the kind it waits for without the gates depending on the
//! sample records and their rules.

crate::code_enum! {
    pub enum SampleKind default LabDip {
        LabDip = "lab_dip",
        StrikeOff = "strike_off",
        Fit = "fit",
        SizeSet = "size_set",
        PreProduction = "pp",
        Shipping = "shipping",
        Misc = "other",
    }
}
