//! A compact index of the petition list, so that 100,000 petitions filter per keystroke.
//!
//! Filtering the petitions themselves touches some 400,000 scattered heap strings per
//! keystroke. The index keeps what the filter reads in two contiguous arrays instead: the
//! searched text of every row in one string, and the facts of every row (dates, status,
//! office number) in one vector. It answers exactly as [`PetitionFilter::matches`], which
//! the property test below checks.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use memchr::memmem::Finder;

use super::calendar::Calendar;
use super::listing::{handling_office, searched_fields, Facts, PetitionFilter};
use super::name::Id;
use super::petition::Petition;

/// Separates fields in the searched text; whitespace, so no search word contains it.
const SEPARATOR: char = '\n';

/// How many recent searches an index remembers (each costs a byte per petition).
const REMEMBERED: usize = 32;

/// The petitions of a ledger, in the order given to [`PetitionIndex::build`]: positions
/// into that order are what [`PetitionIndex::filter`] takes and returns.
#[derive(Debug, Default)]
pub struct PetitionIndex {
    ids: Vec<Id>,
    facts: Vec<Facts<u32>>,
    /// Every row's searched fields, ASCII letters in lower case, each row ending in SEPARATOR.
    text: String,
    /// Where each row's text starts in `text`, plus one past the end.
    starts: Vec<u32>,
    /// Handling office ids by their number in `facts`.
    offices: HashMap<String, u32>,
    /// Recent searches (their words, lower case, joined by one space) and the rows they hit,
    /// newest last. Typing on narrows a remembered search instead of reading the whole
    /// text again, and Backspace finds its answer here. A new index starts empty, so what is
    /// remembered always belongs to these rows.
    recent: Mutex<VecDeque<(String, Arc<Vec<bool>>)>>,
}

impl PetitionIndex {
    pub fn build<'a>(petitions: impl IntoIterator<Item = &'a Petition>) -> PetitionIndex {
        let mut index = PetitionIndex::default();
        for p in petitions {
            let next = index.offices.len() as u32;
            let office = *index
                .offices
                .entry(handling_office(p).to_string())
                .or_insert(next);
            index.ids.push(p.meta.id.clone());
            index.facts.push(Facts::of(p, office));
            index.starts.push(index.text.len() as u32);
            for field in searched_fields(p) {
                index.text.push_str(field);
                index.text.push(SEPARATOR);
            }
        }
        index.starts.push(index.text.len() as u32);
        index.text.make_ascii_lowercase();
        index
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of the petition at `position`.
    pub fn id(&self, position: u32) -> &str {
        &self.ids[position as usize]
    }

    /// The positions of `order` (a permutation of positions, e.g. sorted by a column) whose
    /// petitions `filter` shows on `today`, in the order given.
    pub fn filter(
        &self,
        filter: &PetitionFilter,
        today: NaiveDate,
        calendar: &Calendar,
        order: &[u32],
    ) -> Vec<u32> {
        let office = match filter.office.as_deref().filter(|o| !o.is_empty()) {
            None => None,
            Some(id) => match self.offices.get(id) {
                Some(number) => Some(*number),
                None => return Vec::new(), // no petition is handled by that office
            },
        };
        let text_hits = self.text_hits(&filter.text);
        // Rows are judged in their own order, reading the facts front to back, and only then
        // taken in `order`, which would jump about them.
        let shown: Vec<bool> = self
            .facts
            .iter()
            .enumerate()
            .map(|(i, facts)| {
                text_hits.as_ref().is_none_or(|hits| hits[i])
                    && filter.accepts(facts, office.as_ref(), today, calendar)
            })
            .collect();
        order
            .iter()
            .copied()
            .filter(|&i| shown[i as usize])
            .collect()
    }

    /// For each row, whether every word of `text` occurs in it; `None` when there are no words.
    fn text_hits(&self, text: &str) -> Option<Arc<Vec<bool>>> {
        let words: Vec<String> = text
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        if words.is_empty() {
            return None;
        }
        let key = words.join(" ");
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(at) = recent.iter().position(|(k, _)| *k == key) {
            let entry = recent.remove(at)?;
            let hits = entry.1.clone();
            recent.push_back(entry);
            return Some(hits);
        }
        // A remembered search that this one only extends (`wang 12` → `wang 123`, or
        // `wang` → `wang 12`): each of its words is part of a word of this one, so every row
        // this one hits, it hit. The longest such search leaves the fewest rows to read.
        let narrower = recent
            .iter()
            .filter(|(k, _)| key.starts_with(k.as_str()))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, hits)| hits.clone());
        let hits = Arc::new(match narrower {
            Some(before) => self.hits_among(&words, &before),
            None => self.hits_everywhere(&words),
        });
        if recent.len() == REMEMBERED {
            recent.pop_front();
        }
        recent.push_back((key, hits.clone()));
        Some(hits)
    }

    /// Every row holding all `words`, reading the whole text once per word.
    fn hits_everywhere(&self, words: &[String]) -> Vec<bool> {
        let text = self.text.as_bytes();
        let mut all: Option<Vec<bool>> = None;
        for word in words {
            let finder = Finder::new(word.as_bytes());
            let mut hits = vec![false; self.len()];
            // Matches come in order, so the row walks forward; once a row is hit, the search
            // goes on from the next row (a digit or a common character is in most rows many
            // times, and one hit per row is all that counts).
            let mut row = 0;
            let mut from = 0;
            while let Some(found) = finder.find(&text[from..]) {
                let at = from + found;
                while self.starts[row + 1] as usize <= at {
                    row += 1;
                }
                hits[row] = true;
                from = self.starts[row + 1] as usize;
                if from >= text.len() {
                    break;
                }
            }
            all = Some(match all {
                None => hits,
                Some(mut before) => {
                    for (kept, hit) in before.iter_mut().zip(hits) {
                        *kept &= hit;
                    }
                    before
                }
            });
        }
        all.unwrap_or_else(|| vec![true; self.len()])
    }

    /// The rows among `candidates` holding all `words`, reading only their own text.
    fn hits_among(&self, words: &[String], candidates: &[bool]) -> Vec<bool> {
        let text = self.text.as_bytes();
        let finders: Vec<Finder> = words.iter().map(|w| Finder::new(w.as_bytes())).collect();
        candidates
            .iter()
            .enumerate()
            .map(|(row, &candidate)| {
                candidate && {
                    let own = &text[self.starts[row] as usize..self.starts[row + 1] as usize];
                    finders.iter().all(|finder| finder.find(own).is_some())
                }
            })
            .collect()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use chrono::Days;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::petition::{Channel, Status};

    fn on(offset: u64) -> NaiveDate {
        day("2022-01-01") + Days::new(offset)
    }

    /// Short texts from a small alphabet, so words and fields often share letters.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(&["a", "B", "x", "X", "王", "建", "-", "1", " "][..]),
            0..6,
        )
        .prop_map(|parts| parts.concat())
    }

    fn petition() -> impl Strategy<Value = Petition> {
        (
            (text(), text(), text(), text()),
            prop::sample::select(&["o1", "o2"][..]),
            prop::option::of(prop::sample::select(&["", "o2", "o3"][..])),
            prop::sample::select(Status::ALL),
            prop::sample::select(Channel::ALL),
            (
                0u64..60,
                0u64..80,
                prop::option::of(0u64..30),
                prop::option::of(0u64..120),
            ),
            any::<(bool, bool)>(),
        )
            .prop_map(
                |(texts, office, assigned, status, channel, days, (law, deleted))| {
                    let mut p = sample("p");
                    (
                        p.serial,
                        p.petitioner.name,
                        p.subject,
                        p.petitioner.id_number,
                    ) = texts;
                    p.office_id = office.into();
                    p.assigned_to = assigned.map(crate::domain::Name::from);
                    p.status = status;
                    p.channel = channel;
                    let (received, due, extension, concluded) = days;
                    p.received_on = on(received);
                    p.due_on = on(received + due);
                    p.extended_to = extension.map(|d| p.due_on + Days::new(d));
                    p.concluded_on = concluded.map(on);
                    p.law_related = law;
                    p.meta.deleted = deleted;
                    p
                },
            )
    }

    fn filter() -> impl Strategy<Value = PetitionFilter> {
        (
            text(),
            prop::option::of(prop::sample::select(Status::ALL)),
            prop::option::of(prop::sample::select(Channel::ALL)),
            prop::option::of(prop::sample::select(&["", "o1", "o2", "o3", "o9"][..])),
            prop::option::of(any::<bool>()),
            any::<[bool; 6]>(),
            (prop::option::of(0u64..80), prop::option::of(0u64..80)),
        )
            .prop_map(
                |(text, status, channel, office, law_related, flags, (from, to))| PetitionFilter {
                    text,
                    status,
                    channel,
                    office: office.map(String::from),
                    law_related,
                    conditions: crate::domain::Condition::ALL
                        .iter()
                        .zip(flags)
                        .filter(|(_, on)| *on)
                        .map(|(c, _)| *c)
                        .collect(),
                    from: from.map(on),
                    to: to.map(on),
                },
            )
    }

    proptest! {
        #[test]
        fn the_index_shows_exactly_what_the_filter_matches(
            all in prop::collection::vec(petition(), 0..30),
            filter in filter(),
            today in (0u64..150).prop_map(on),
            reversed in any::<bool>(),
        ) {
            let index = PetitionIndex::build(&all);
            let mut order: Vec<u32> = (0..all.len() as u32).collect();
            if reversed {
                order.reverse();
            }
            let expected: Vec<u32> = order
                .iter()
                .copied()
                .filter(|&i| filter.matches(&all[i as usize], today, &Calendar::shipped()))
                .collect();
            prop_assert_eq!(index.filter(&filter, today, &Calendar::shipped(), &order), expected);
        }

        #[test]
        fn typing_on_and_deleting_shows_what_a_fresh_search_would(
            all in prop::collection::vec(petition(), 0..30),
            typed in prop::collection::vec(
                prop::sample::select(&["a", "B", "x", "王", "1", " ", "⌫", "⌫⌫"][..]),
                1..12,
            ),
            today in (0u64..150).prop_map(on),
        ) {
            // One index answers a whole typing session: each key narrows what the last
            // search found, and a deletion finds an earlier answer again.
            let index = PetitionIndex::build(&all);
            let order: Vec<u32> = (0..all.len() as u32).collect();
            let mut text = String::new();
            for key in typed {
                match key {
                    "⌫" => { text.pop(); }
                    "⌫⌫" => { text.pop(); text.pop(); }
                    _ => text.push_str(key),
                }
                let filter = PetitionFilter { text: text.clone(), ..Default::default() };
                let expected: Vec<u32> = order
                    .iter()
                    .copied()
                    .filter(|&i| filter.matches(&all[i as usize], today, &Calendar::shipped()))
                    .collect();
                prop_assert_eq!(index.filter(&filter, today, &Calendar::shipped(), &order), expected, "after typing {:?}", text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::{day, sample};

    #[test]
    fn a_word_found_in_one_field_and_another_in_another_both_count() {
        let mut p = sample("00000000-0000-4000-8000-000000000001");
        p.serial = "GA-2022-0001".into();
        p.subject = "拆迁补偿款未到位".into();
        let index = PetitionIndex::build([&p]);
        let filter = |text: &str| PetitionFilter {
            text: text.into(),
            ..Default::default()
        };
        assert_eq!(
            index.filter(
                &filter("ga-2022 拆迁"),
                day("2022-08-21"),
                &Calendar::shipped(),
                &[0]
            ),
            vec![0]
        );
        assert_eq!(
            index.filter(
                &filter("ga-2022 信访"),
                day("2022-08-21"),
                &Calendar::shipped(),
                &[0]
            ),
            Vec::<u32>::new()
        );
        // A word never spans two fields.
        assert_eq!(
            index.filter(
                &filter("0001拆迁"),
                day("2022-08-21"),
                &Calendar::shipped(),
                &[0]
            ),
            Vec::<u32>::new()
        );
        assert_eq!(index.id(0), p.meta.id);
    }
}
