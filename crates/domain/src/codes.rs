//! Enumerations stored as short text codes ("fob", "lab_dip"), with a catch-all for codes this build
//! does not know.
//!
//! A newer version may add an Incoterm or a sample type; an older replica must still open that order
//! and must write the code back unchanged. So every such enum has an `Other(String)` variant that
//! keeps the text verbatim, and hydrating never fails on an unknown code.

/// Declares an enum whose variants are stored as the given codes, plus `Other(String)`.
#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident default $default:ident {
            $( $(#[$vmeta:meta])* $var:ident = $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $var, )+
            /// A code this build does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every variant this build knows, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$var),+];

            /// The stored text code.
            pub fn code(&self) -> &str {
                match self {
                    $($name::$var => $code,)+
                    $name::Other(s) => s.as_str(),
                }
            }

            /// Never fails: an unknown code becomes `Other`.
            pub fn from_code(code: &str) -> $name {
                match code {
                    $($code => $name::$var,)+
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::$default
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl autosurgeon::Reconcile for $name {
            type Key<'a> = autosurgeon::reconcile::NoKey;

            fn reconcile<R: autosurgeon::Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
                reconciler.str(self.code())
            }
        }

        impl autosurgeon::Hydrate for $name {
            fn hydrate_string(s: &str) -> Result<Self, autosurgeon::HydrateError> {
                Ok($name::from_code(s))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::code_enum! {
        enum Fruit default Apple { Apple = "apple", Pear = "pear" }
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_kept() {
        for f in Fruit::KNOWN {
            assert_eq!(&Fruit::from_code(f.code()), f);
        }
        assert_eq!(Fruit::from_code("kiwi"), Fruit::Other("kiwi".into()));
        assert_eq!(Fruit::from_code("kiwi").code(), "kiwi");
        assert_eq!(Fruit::default(), Fruit::Apple);
    }
}
