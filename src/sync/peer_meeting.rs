//! Whether two nearby devices may sync, decided from the other device's code before anything is
//! created or changed here, and what this device may send it.
//!
//! Why: a factory's phone holds the orders one team shared with it, and the answering device of
//! a nearby connection joins the offerer's workspace and offers it every order it holds. A
//! factory making goods for two buyers would otherwise hand buyer A's orders to buyer B's office
//! (or join B's workspace and fold A's orders into it), and an office reading a factory's code
//! would join the factory's workspace. So a factory's phone says so in its code and names the
//! team that invited it ([`crate::sync::settings::SyncSettings::team`]); it meets only devices
//! of that team, no device joins a factory's workspace, and no device sends a factory's phone
//! money, whatever was ticked. What a code says is only what the other device claims: a
//! device holding its team's key joins no other workspace by answering, and asks its user
//! about a device that proves no key once they are connected (`team_proof`).

use gendan_domain::DocumentId;

use super::signal::PeerCode;

/// This device, as a nearby connection sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Here {
    /// Invited to some orders only (by a share link).
    pub factory: bool,
    /// For a factory's phone, the workspace of the team that invited it, when its link said
    /// (links from before did not: the first team it joins nearby is then its team).
    pub team: Option<DocumentId>,
    /// This device's workspace.
    pub workspace: DocumentId,
    /// This device holds the team's key (`team_proof`): it is a team's device on a relay.
    pub keyed: bool,
}

/// Why a nearby device was refused. Nothing was created or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Refusal {
    /// This is a factory's phone and the other device works in another team's workspace.
    #[error("this phone was invited by another team: it syncs with that team's devices only")]
    OtherTeam,
    /// The other device is a factory's phone invited by another team (or by a link from
    /// before links named the team, and it did not start).
    #[error("the other device is a factory's phone of another team")]
    FactoryOfOtherTeam,
    /// Both devices are factories' phones: neither can tell which orders the other's link
    /// reaches (only the team's devices hold the list of links), and two factories of one team
    /// may be rivals.
    #[error("both devices are factories' phones")]
    BothFactories,
    /// This device holds its team's key and would join the other device's workspace by
    /// answering: it would give every order here to a device that proved nothing (a new
    /// device's code, or a factory's phone hiding that it is one). The other device answers
    /// this one's code instead, and is let in here.
    #[error("this device keeps to its team: it joins no other workspace nearby")]
    KeepsTeam,
}

/// What a connection with the other device may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Meeting {
    /// The books go with the orders: ticked here, and the other device is not a factory's.
    pub money: bool,
    /// This factory's phone, invited by a link that named no team, takes the other device's
    /// workspace as its team's.
    pub learns_team: bool,
}

impl Here {
    /// The workspace this device names in its code: a factory's phone names its team's.
    pub fn says(&self) -> DocumentId {
        match (self.factory, self.team) {
            (true, Some(team)) => team,
            _ => self.workspace,
        }
    }

    /// Whether this device may sync with the device whose code is `other`, having ticked
    /// `money`, when this device answers (`answering`) or started.
    pub fn meet(&self, other: &PeerCode, money: bool, answering: bool) -> Result<Meeting, Refusal> {
        let same = other.workspace == self.says();
        if other.factory && !same {
            return Err(Refusal::FactoryOfOtherTeam);
        }
        if other.factory && self.factory {
            return Err(Refusal::BothFactories);
        }
        // A factory's phone whose link named no team joins the first team it answers, as an
        // older build did; once it has one it stays with it.
        let learns_team = self.factory && self.team.is_none() && answering && !same;
        if self.factory && !same && !learns_team {
            return Err(Refusal::OtherTeam);
        }
        if answering && self.keyed && !self.factory && !other.factory && !same {
            return Err(Refusal::KeepsTeam);
        }
        Ok(Meeting {
            money: money && !other.factory && !self.factory,
            learns_team,
        })
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::sync::signal::{CodeKind, SdpEssentials};

    fn ws(n: u8) -> DocumentId {
        DocumentId::from_bytes([n; 16])
    }

    fn code(factory: bool, workspace: DocumentId) -> PeerCode {
        PeerCode {
            kind: CodeKind::Offer,
            factory,
            name: "x".into(),
            workspace,
            session: SdpEssentials {
                ufrag: "u".into(),
                pwd: "p".into(),
                fingerprint: [0; 32],
                setup: crate::sync::signal::Setup::ActPass,
                sctp_port: 5000,
                max_message_size: 1,
                candidates: Vec::new(),
            },
        }
    }

    const A: u8 = 1;
    const B: u8 = 2;
    const OWN: u8 = 9;

    fn office(n: u8) -> Here {
        Here {
            factory: false,
            team: None,
            workspace: ws(n),
            keyed: false,
        }
    }

    fn factory(team: Option<u8>) -> Here {
        Here {
            factory: true,
            team: team.map(ws),
            workspace: ws(OWN),
            keyed: false,
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_factorys_phone_meets_its_own_team_only() {
        let phone = factory(Some(A));
        assert_eq!(phone.says(), ws(A), "its code names the team");
        for answering in [true, false] {
            let ok = phone.meet(&code(false, ws(A)), true, answering).unwrap();
            assert!(!ok.money, "a factory's phone takes no books");
            assert!(!ok.learns_team);
            assert_eq!(
                phone.meet(&code(false, ws(B)), false, answering),
                Err(Refusal::OtherTeam)
            );
            // Another factory's phone, of its team or not: nothing (only the team's devices can
            // tell which orders a link reaches).
            assert_eq!(
                phone.meet(&code(true, ws(A)), false, answering),
                Err(Refusal::BothFactories)
            );
            assert_eq!(
                phone.meet(&code(true, ws(B)), false, answering),
                Err(Refusal::FactoryOfOtherTeam)
            );
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn an_office_never_joins_a_factorys_workspace_nor_sends_it_money() {
        let desk = office(A);
        let ok = desk.meet(&code(true, ws(A)), true, true).unwrap();
        assert!(!ok.money, "ticked, but the other is a factory's phone");
        for answering in [true, false] {
            assert_eq!(
                desk.meet(&code(true, ws(B)), true, answering),
                Err(Refusal::FactoryOfOtherTeam)
            );
        }
        // Two offices: as before, money as ticked, the answering one joins the other's team.
        assert!(desk.meet(&code(false, ws(B)), true, true).unwrap().money);
        assert!(desk.meet(&code(false, ws(A)), true, false).unwrap().money);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_device_holding_its_teams_key_joins_no_other_workspace() {
        let desk = Here {
            keyed: true,
            ..office(A)
        };
        // Answering another workspace's code would join it and give it every order here.
        assert_eq!(
            desk.meet(&code(false, ws(B)), true, true),
            Err(Refusal::KeepsTeam)
        );
        // Its own code answered by a new device: that one joins, and is asked about here.
        assert!(desk.meet(&code(false, ws(B)), true, false).is_ok());
        // Its own team, or a factory's phone of it: as before.
        assert!(desk.meet(&code(false, ws(A)), true, true).is_ok());
        assert!(desk.meet(&code(true, ws(A)), true, true).is_ok());
        // A factory's phone of its own is judged by its link, whatever workspace it holds.
        let phone = Here {
            keyed: true,
            ..factory(Some(A))
        };
        assert!(phone.meet(&code(false, ws(A)), false, true).is_ok());
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_phone_invited_by_an_older_link_takes_the_first_team_it_answers() {
        let phone = factory(None);
        assert_eq!(phone.says(), ws(OWN));
        let first = phone.meet(&code(false, ws(A)), false, true).unwrap();
        assert!(first.learns_team);
        // Starting, it cannot tell: the office answering would have to join its workspace.
        assert_eq!(
            phone.meet(&code(false, ws(A)), false, false),
            Err(Refusal::OtherTeam)
        );
        assert_eq!(
            phone.meet(&code(true, ws(A)), false, true),
            Err(Refusal::FactoryOfOtherTeam)
        );
    }
}
