//! The import page as one value (issue 17): which file, how far its reading, checking,
//! planning and writing are, what stopped it, and the plan to confirm. Each thing that
//! happens is a method that moves the session on and says what the page must do next
//! (`Next`); the page only carries that out and shows the session. Plain Rust, so every
//! state and transition is tested natively.
//!
//! Work started for one file and finished after another was chosen is dropped: each
//! start gets a run number, and a result for an older run changes nothing.

use std::sync::Arc;

use super::crypto::CryptoError;
use super::plan::{ImportPlan, KindCounts};
use super::read::ParsedFile;
use super::shape::FileError;
use crate::domain::{AnyRecord, Conflict};

/// What a long import is doing, and how far it is: `done` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the file (bytes).
    Reading,
    /// Checking records.
    Checking,
    /// Planning what each record does.
    Planning,
    /// Writing to storage (requests).
    Writing,
}

/// Why reading a file stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// The file is sealed: its whole text, to open with the passphrase.
    Sealed(String),
    /// The file is refused for this reason.
    Refused(FileError),
    /// The browser could not read the file.
    Unreadable(String),
}

/// What went wrong, for the page to word.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    File(FileError),
    Unreadable(String),
    Crypto(CryptoError),
    /// Storage refused the write; the page's words for it.
    Storage(String),
}

/// How writing an import ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    Done,
    /// Storage holds another version than the plan was made against.
    Stale,
    /// Any other refusal, worded by the page.
    Failed(String),
}

/// What the plan shows before the confirmation, without the records it writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub counts: Vec<(crate::domain::RecordKind, KindCounts)>,
    pub conflicts: Vec<Conflict>,
}

/// Where the session is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Phase {
    /// Nothing chosen yet.
    #[default]
    Empty,
    /// The file is being read and checked.
    Reading,
    /// The file is sealed: waiting for the passphrase.
    Sealed { unsealing: bool },
    /// The file is read, with its problems if any; planning, or planned.
    Read,
    /// The plan is being written.
    Writing,
    /// Written: what it did.
    Written {
        total: KindCounts,
        conflicts_kept: usize,
    },
    /// The file brought nothing new.
    NothingNew,
}

/// What the page must do after a transition.
#[derive(Debug, PartialEq)]
pub enum Next {
    /// Nothing.
    Wait,
    /// Open the sealed text with the passphrase, then call `unsealed`.
    Unseal { run: u64, envelope: String },
    /// Plan the file's `records` (only its valid ones when `valid_only`), then call
    /// `planned`. The plan takes the records, so that they are held once.
    Plan {
        run: u64,
        file: Arc<ParsedFile>,
        records: Vec<(String, AnyRecord)>,
        valid_only: bool,
    },
    /// A plan must be made again and the last one took the file's records: read the same
    /// file again (opening it with the passphrase that opened it), then call `read`.
    ReadAgain { run: u64 },
    /// Write the plan in one transaction, then call `written`.
    Write { run: u64, plan: ImportPlan },
}

/// The import page's state.
#[derive(Debug, Default)]
pub struct ImportSession {
    run: u64,
    /// The chosen file's name.
    pub name: String,
    pub phase: Phase,
    pub progress: Option<Progress>,
    pub failure: Option<Failure>,
    /// The sealed text, while it waits for its passphrase.
    envelope: Option<String>,
    /// What the file holds and its problems; its records are in `records` until a plan
    /// takes them.
    pub file: Option<Arc<ParsedFile>>,
    records: Option<Vec<(String, AnyRecord)>>,
    /// A plan is being made (of the valid records: a file with problems is planned only
    /// once the user chose to import those).
    planning: bool,
    pub valid_only: bool,
    plan: Option<ImportPlan>,
    /// The plan was made again at the confirmation: the ledger had changed since.
    pub replanned: bool,
}

impl ImportSession {
    fn start(&mut self) -> u64 {
        self.run += 1;
        self.progress = None;
        self.run
    }

    fn current(&self, run: u64) -> bool {
        run == self.run
    }

    /// A file was chosen: everything about the one before is forgotten. Returns the run
    /// to read it under.
    pub fn choose(&mut self, name: String) -> u64 {
        *self = ImportSession {
            run: self.run,
            name,
            phase: Phase::Reading,
            ..ImportSession::default()
        };
        self.start()
    }

    /// How far the work of `run` is.
    pub fn progressed(&mut self, run: u64, progress: Progress) {
        if self.current(run) {
            self.progress = Some(progress);
        }
    }

    /// Reading `run` ended.
    pub fn read(&mut self, run: u64, outcome: Result<ParsedFile, Stop>) -> Next {
        if !self.current(run) {
            return Next::Wait;
        }
        self.progress = None;
        match outcome {
            Ok(mut parsed) => {
                self.phase = Phase::Read;
                self.records = Some(std::mem::take(&mut parsed.records));
                self.file = Some(Arc::new(parsed));
                self.plan_again()
            }
            Err(Stop::Sealed(envelope)) => {
                self.failure = None;
                self.envelope = Some(envelope);
                self.phase = Phase::Sealed { unsealing: false };
                Next::Wait
            }
            Err(Stop::Refused(error)) => self.fail(Failure::File(error)),
            Err(Stop::Unreadable(why)) => self.fail(Failure::Unreadable(why)),
        }
    }

    /// Reading stopped: the file is forgotten (one read again that can no longer be read,
    /// moved or changed since, is chosen again), and the page says why.
    fn fail(&mut self, failure: Failure) -> Next {
        self.failure = Some(failure);
        self.phase = Phase::Empty;
        self.file = None;
        self.records = None;
        self.planning = false;
        Next::Wait
    }

    /// The user gave the passphrase of a sealed file.
    pub fn unseal(&mut self) -> Next {
        let (Phase::Sealed { unsealing: false }, Some(envelope)) = (&self.phase, &self.envelope)
        else {
            return Next::Wait;
        };
        let envelope = envelope.clone();
        let run = self.start();
        self.phase = Phase::Sealed { unsealing: true };
        Next::Unseal { run, envelope }
    }

    /// Opening the sealed file of `run` ended; when it opened, its text is read next
    /// under the same run.
    pub fn unsealed(&mut self, run: u64, opened: Result<(), CryptoError>) {
        if !self.current(run) {
            return;
        }
        match opened {
            Ok(()) => {
                self.envelope = None;
                self.failure = None;
                self.phase = Phase::Reading;
            }
            Err(error) => {
                self.failure = Some(Failure::Crypto(error));
                self.phase = Phase::Sealed { unsealing: false };
            }
        }
    }

    /// The user chose whether to import only the valid records.
    pub fn set_valid_only(&mut self, valid_only: bool) -> Next {
        self.valid_only = valid_only;
        // A plan made (or being made) of the valid records stays: unticking only hides it.
        if !valid_only || self.plan.is_some() || self.planning {
            return Next::Wait;
        }
        self.plan_again()
    }

    /// Plans the file read, if it can be: a file with problems only once the user chose
    /// its valid records; the file is read again if the last plan took its records.
    fn plan_again(&mut self) -> Next {
        self.plan = None;
        self.planning = false;
        let Some(file) = &self.file else {
            return Next::Wait;
        };
        if self.with_problems() && !self.valid_only {
            self.start();
            return Next::Wait;
        }
        let file = Arc::clone(file);
        let run = self.start();
        self.planning = true;
        match self.records.take() {
            Some(records) => Next::Plan {
                run,
                file,
                records,
                valid_only: self.valid_only,
            },
            None => Next::ReadAgain { run },
        }
    }

    fn with_problems(&self) -> bool {
        self.file.as_ref().is_some_and(|f| !f.problems.is_empty())
    }

    /// Planning `run` ended.
    pub fn planned(&mut self, run: u64, plan: ImportPlan) {
        if self.current(run) {
            self.progress = None;
            self.planning = false;
            self.plan = Some(plan);
        }
    }

    /// The plan, unless the file has problems and the user has not chosen to import only
    /// its valid records.
    fn plan(&self) -> Option<&ImportPlan> {
        self.plan
            .as_ref()
            .filter(|_| self.valid_only || !self.with_problems())
    }

    /// The plan to confirm, as the page shows it.
    pub fn preview(&self) -> Option<Preview> {
        self.plan().map(|plan| Preview {
            counts: plan.counts.iter().map(|(k, c)| (*k, *c)).collect(),
            conflicts: plan.conflicts.clone(),
        })
    }

    /// The user confirmed. `changed_since` says whether a record the plan writes changed
    /// after the plan was made: then it is made again, not written.
    pub fn confirm(&mut self, changed_since: impl FnOnce(&ImportPlan) -> bool) -> Next {
        let Some(plan) = self.plan() else {
            return Next::Wait;
        };
        if !plan.changes_anything() && plan.conflicts.is_empty() {
            self.plan = None;
            self.file = None;
            self.phase = Phase::NothingNew;
            return Next::Wait;
        }
        if changed_since(plan) {
            self.replanned = true;
            return self.plan_again();
        }
        self.replanned = false;
        let Some(plan) = self.plan.take() else {
            return Next::Wait;
        };
        let run = self.start();
        self.phase = Phase::Writing;
        Next::Write { run, plan }
    }

    /// Writing `run` ended; `total` and `conflicts_kept` are what the written plan did.
    pub fn written(
        &mut self,
        run: u64,
        outcome: Written,
        total: KindCounts,
        conflicts_kept: usize,
    ) -> Next {
        if !self.current(run) {
            return Next::Wait;
        }
        self.progress = None;
        match outcome {
            Written::Done => {
                self.file = None;
                self.failure = None;
                self.phase = Phase::Written {
                    total,
                    conflicts_kept,
                };
                Next::Wait
            }
            // Another tab wrote a record this one had not heard of yet: made again.
            Written::Stale => {
                self.replanned = true;
                self.phase = Phase::Read;
                self.plan_again()
            }
            Written::Failed(why) => {
                self.phase = Phase::Read;
                self.failure = Some(Failure::Storage(why));
                self.plan_again()
            }
        }
    }

    /// Whether the passphrase field is shown.
    pub fn sealed(&self) -> bool {
        matches!(self.phase, Phase::Sealed { .. })
    }

    /// Whether the file of a sealed session is being opened.
    pub fn unsealing(&self) -> bool {
        self.phase == Phase::Sealed { unsealing: true }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Ledger;
    use crate::exchange::file::ExportOptions;
    use crate::exchange::parse;
    use crate::exchange::plan::plan_import;
    use crate::exchange::testing::{exported, sample_ledger, today};

    fn parsed(text: &str, ledger: &Ledger) -> ParsedFile {
        parse(text, ledger, today()).unwrap()
    }

    fn plan_of(next: Next, ledger: &Ledger) -> (u64, ImportPlan) {
        let Next::Plan {
            run,
            file,
            records,
            valid_only,
        } = next
        else {
            panic!("expected a plan, got {next:?}");
        };
        let records = records
            .into_iter()
            .filter(|(place, _)| !valid_only || !file.invalid_records.contains(place))
            .map(|(_, r)| r);
        (run, plan_import(ledger, records))
    }

    #[test]
    fn a_clean_file_is_read_planned_confirmed_and_written() {
        let ledger = Ledger::default();
        let text = exported(&sample_ledger(), &ExportOptions::default());
        let mut session = ImportSession::default();
        let run = session.choose("台账.json".into());
        assert_eq!(session.phase, Phase::Reading);
        let next = session.read(run, Ok(parsed(&text, &ledger)));
        let (run, plan) = plan_of(next, &ledger);
        assert!(session.preview().is_none(), "no preview before the plan");
        session.planned(run, plan);
        let preview = session.preview().unwrap();
        assert!(preview.counts.iter().any(|(_, c)| c.add > 0));
        let Next::Write { run, plan } = session.confirm(|_| false) else {
            panic!("a plan to write");
        };
        assert_eq!(session.phase, Phase::Writing);
        assert!(session.preview().is_none(), "the plan moved to the write");
        let total = plan.total();
        session.written(run, Written::Done, total, 0);
        assert_eq!(
            session.phase,
            Phase::Written {
                total,
                conflicts_kept: 0
            }
        );
        assert!(session.file.is_none());
    }

    #[test]
    fn a_file_with_problems_waits_for_valid_only_and_a_file_with_nothing_new_says_so() {
        let ledger = sample_ledger();
        let mut file: serde_json::Value =
            serde_json::from_str(&exported(&ledger, &ExportOptions::default())).unwrap();
        file["petitions"][0]["received_on"] = "soon".into();
        let text = file.to_string();
        let mut session = ImportSession::default();
        let run = session.choose("坏.json".into());
        assert_eq!(session.read(run, Ok(parsed(&text, &ledger))), Next::Wait);
        assert!(session
            .file
            .as_ref()
            .is_some_and(|f| !f.problems.is_empty()));
        let (run, plan) = plan_of(session.set_valid_only(true), &ledger);
        assert_eq!(session.set_valid_only(false), Next::Wait);
        assert_eq!(
            session.set_valid_only(true),
            Next::Wait,
            "being made already"
        );
        session.planned(run, plan);
        assert!(session.preview().is_some());
        // Unticked, the plan is hidden and cannot be written; ticked again, it is back
        // without being made (and its records read) again.
        assert_eq!(session.set_valid_only(false), Next::Wait);
        assert!(session.preview().is_none());
        assert_eq!(session.confirm(|_| false), Next::Wait);
        assert_eq!(session.phase, Phase::Read);
        assert_eq!(session.set_valid_only(true), Next::Wait);
        assert!(session.preview().is_some());
        // The rest of the file is what the ledger holds already.
        assert_eq!(session.confirm(|_| false), Next::Wait);
        assert_eq!(session.phase, Phase::NothingNew);
    }

    #[test]
    fn a_plan_whose_records_changed_is_made_again_at_the_confirmation_and_after_a_stale_write() {
        let ledger = Ledger::default();
        let text = exported(&sample_ledger(), &ExportOptions::default());
        let mut session = ImportSession::default();
        let run = session.choose("台账.json".into());
        let (run, plan) = plan_of(session.read(run, Ok(parsed(&text, &ledger))), &ledger);
        session.planned(run, plan);
        // The first plan took the file's records: the file is read again to plan it again.
        let Next::ReadAgain { run } = session.confirm(|_| true) else {
            panic!("the file read again");
        };
        assert!(session.replanned);
        assert!(session.preview().is_none());
        let (run, plan) = plan_of(session.read(run, Ok(parsed(&text, &ledger))), &ledger);
        assert!(session.replanned, "still says why it asks again");
        session.planned(run, plan);
        let Next::Write { run, plan } = session.confirm(|_| false) else {
            panic!("written once made again");
        };
        assert!(!session.replanned);
        // Storage had a newer version than this tab knew: made again, not written.
        let next = session.written(run, Written::Stale, plan.total(), 0);
        assert!(matches!(next, Next::ReadAgain { .. }));
        assert!(session.replanned);
        assert_eq!(session.phase, Phase::Read);
        // A write refused for another reason is planned again the same way, reason kept.
        let Next::ReadAgain { run } = next else {
            unreachable!()
        };
        let (run, plan) = plan_of(session.read(run, Ok(parsed(&text, &ledger))), &ledger);
        session.planned(run, plan);
        let Next::Write { run, plan } = session.confirm(|_| false) else {
            panic!("written once made again");
        };
        let next = session.written(run, Written::Failed("满了".into()), plan.total(), 0);
        let Next::ReadAgain { run } = next else {
            panic!("the file read again");
        };
        let (run, plan) = plan_of(session.read(run, Ok(parsed(&text, &ledger))), &ledger);
        assert_eq!(session.failure, Some(Failure::Storage("满了".into())));
        session.planned(run, plan);
        // A file that can no longer be read (moved or changed since) is forgotten, and why
        // is said.
        let Next::ReadAgain { run } = session.confirm(|_| true) else {
            panic!("the file read again");
        };
        let gone = Stop::Unreadable("NotFoundError".into());
        assert_eq!(session.read(run, Err(gone)), Next::Wait);
        assert_eq!(session.phase, Phase::Empty);
        assert!(session.file.is_none() && session.preview().is_none());
        assert_eq!(
            session.failure,
            Some(Failure::Unreadable("NotFoundError".into()))
        );
    }

    #[test]
    fn a_sealed_file_waits_for_its_passphrase_and_a_wrong_one_lets_it_be_tried_again() {
        let mut session = ImportSession::default();
        let run = session.choose("加密.enc.json".into());
        assert_eq!(
            session.read(run, Err(Stop::Sealed("{…}".into()))),
            Next::Wait
        );
        assert!(session.sealed() && !session.unsealing());
        let Next::Unseal { run, envelope } = session.unseal() else {
            panic!("asks to unseal");
        };
        assert_eq!(envelope, "{…}");
        assert!(session.unsealing());
        assert_eq!(session.unseal(), Next::Wait, "not twice at once");
        session.unsealed(run, Err(CryptoError::WrongPassphraseOrDamaged));
        assert_eq!(
            session.failure,
            Some(Failure::Crypto(CryptoError::WrongPassphraseOrDamaged))
        );
        let Next::Unseal { run, .. } = session.unseal() else {
            panic!("tried again");
        };
        session.unsealed(run, Ok(()));
        assert_eq!(session.phase, Phase::Reading);
        assert!(session.failure.is_none());
    }

    #[test]
    fn work_for_a_file_no_longer_chosen_changes_nothing() {
        let ledger = Ledger::default();
        let text = exported(&sample_ledger(), &ExportOptions::default());
        let mut session = ImportSession::default();
        let first = session.choose("一.json".into());
        let second = session.choose("二.json".into());
        let progress = Progress {
            stage: Stage::Reading,
            done: 1,
            total: 2,
        };
        session.progressed(first, progress);
        assert_eq!(session.progress, None);
        assert_eq!(session.read(first, Ok(parsed(&text, &ledger))), Next::Wait);
        assert!(session.file.is_none());
        assert_eq!(session.name, "二.json");
        session.progressed(second, progress);
        assert_eq!(session.progress, Some(progress));
        assert_eq!(
            session.read(second, Err(Stop::Refused(FileError::NotTaizhang))),
            Next::Wait
        );
        assert_eq!(session.failure, Some(Failure::File(FileError::NotTaizhang)));
        assert_eq!(session.phase, Phase::Empty);
    }
}
