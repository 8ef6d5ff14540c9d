//! The documents a petitioner receives (《信访工作条例》): which of them a case has, and the
//! day each is dated. Their wording is in `report::notice`.

use chrono::NaiveDate;

use super::petition::{Acceptance, Petition};

closed_set! {
    /// A document to the petitioner.
    pub enum NoticeKind {
        /// 受理告知书: the case is accepted, with its deadline.
        Accepted => "accepted",
        /// 不予受理告知书: the case is not accepted, with the reason.
        NotAccepted => "not_accepted",
        /// 答复意见书: the written reply.
        Reply => "reply",
    }
}

impl NoticeKind {
    /// The documents the case has so far: the notice of the decision, once decided (a case
    /// forwarded is told by the body it went to), and the written reply once given.
    pub fn available(p: &Petition) -> Vec<NoticeKind> {
        let decision = match p.acceptance {
            Some(Acceptance::Accepted) => Some(NoticeKind::Accepted),
            Some(Acceptance::NotAccepted) => Some(NoticeKind::NotAccepted),
            Some(Acceptance::Forwarded) | None => None,
        };
        let reply = p.replied_on.map(|_| NoticeKind::Reply);
        decision.into_iter().chain(reply).collect()
    }

    /// The day the document is dated: the decision's, or the reply's.
    pub fn dated(self, p: &Petition) -> Option<NaiveDate> {
        match self {
            NoticeKind::Accepted | NoticeKind::NotAccepted => p.accepted_on,
            NoticeKind::Reply => p.replied_on,
        }
    }

    /// The document's title as it prints.
    pub fn title(self) -> &'static str {
        match self {
            NoticeKind::Accepted => "受理告知书",
            NoticeKind::NotAccepted => "不予受理告知书",
            NoticeKind::Reply => "答复意见书",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::{day, sample};

    #[test]
    fn a_case_has_the_notice_of_its_decision_and_then_its_reply() {
        let mut p = sample("a");
        assert_eq!(NoticeKind::available(&p), []);
        p.acceptance = Some(Acceptance::NotAccepted);
        p.accepted_on = Some(day("2022-05-12"));
        assert_eq!(NoticeKind::available(&p), [NoticeKind::NotAccepted]);
        assert_eq!(NoticeKind::NotAccepted.dated(&p), Some(day("2022-05-12")));
        p.acceptance = Some(Acceptance::Forwarded);
        assert_eq!(NoticeKind::available(&p), []);
        p.acceptance = Some(Acceptance::Accepted);
        p.replied_on = Some(day("2022-06-01"));
        assert_eq!(
            NoticeKind::available(&p),
            [NoticeKind::Accepted, NoticeKind::Reply]
        );
        assert_eq!(NoticeKind::Reply.dated(&p), Some(day("2022-06-01")));
    }
}
