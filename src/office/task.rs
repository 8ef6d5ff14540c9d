//! What the office worker is asked, and the doing of it: one `Task` in, one `Answer` out,
//! both plain data that crosses to the worker and back.

use serde::{Deserialize, Serialize};

use crate::exchange::KeyBytes;
use crate::report::docx::paper_docx;
use crate::report::xlsx::report_xlsx;
use crate::report::{Paper, Table};
use crate::sheet::{Sheet, SheetError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Task {
    /// A document on paper as DOCX.
    Docx(Paper),
    /// The report's tables as XLSX, a sheet each.
    Xlsx(Vec<Table>),
    /// The sheets of an XLSX workbook's bytes.
    ReadXlsx(Vec<u8>),
    /// A sealed file's key (PBKDF2-HMAC-SHA256), where the browser has no WebCrypto.
    DeriveKey {
        passphrase: String,
        salt: Vec<u8>,
        iterations: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// A file's bytes, or why it could not be made.
    File(Result<Vec<u8>, String>),
    Sheets(Result<Vec<Sheet>, SheetError>),
    Key(KeyBytes),
}

/// Does `task`.
pub fn perform(task: Task) -> Answer {
    match task {
        Task::Docx(paper) => Answer::File(paper_docx(&paper)),
        Task::Xlsx(tables) => Answer::File(report_xlsx(&tables)),
        Task::ReadXlsx(bytes) => Answer::Sheets(crate::sheet::read_xlsx(&bytes)),
        Task::DeriveKey {
            passphrase,
            salt,
            iterations,
        } => Answer::Key(crate::exchange::derive_key(&passphrase, &salt, iterations)),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::report::TableCell;
    use crate::sheet::Cell;

    /// gloo-worker carries tasks and answers as bincode, which cannot read every serde
    /// shape (`flatten`, `skip_serializing_if`, untagged enums): each must come back whole.
    fn crosses<T>(value: &T) -> T
    where
        T: Serialize + for<'de> Deserialize<'de>,
    {
        let bytes = bincode::serialize(value).expect("encodes");
        bincode::deserialize(&bytes).expect("decodes")
    }

    fn paper() -> Paper {
        Paper {
            title: "关于信访工作的报告".into(),
            text: "市委政法委：\n一、总体情况\n本期受理信访事项12件。".into(),
            issuer: "某区委政法委".into(),
            issued_on: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        }
    }

    fn tables() -> Vec<Table> {
        vec![Table {
            key: "petitions_by_office".into(),
            title: "各单位信访事项".into(),
            headers: vec!["单位".into(), "件数".into(), "按期办结率".into()],
            rows: vec![
                vec![
                    TableCell::Text("甲单位".into()),
                    TableCell::count(7),
                    TableCell::Percent(0.875),
                ],
                vec![
                    TableCell::Empty,
                    TableCell::Number {
                        value: 2.5,
                        decimals: 1,
                    },
                    TableCell::Empty,
                ],
            ],
        }]
    }

    #[test]
    fn every_task_and_answer_crosses_to_the_worker_and_back() {
        let tasks = [
            Task::Docx(paper()),
            Task::Xlsx(tables()),
            Task::ReadXlsx(vec![0x50, 0x4b, 3, 4, 0, 255]),
            Task::DeriveKey {
                passphrase: "口令 with ASCII".into(),
                salt: vec![7; 16],
                iterations: 600_000,
            },
        ];
        for task in tasks {
            assert_eq!(crosses(&task), task);
        }
        let sheet = Sheet {
            name: "十一月".into(),
            rows: vec![
                vec![Cell::Text("日期".into()), Cell::Empty, Cell::Number(-0.5)],
                vec![],
                vec![Cell::Date(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap())],
            ],
        };
        let answers = [
            Answer::File(Ok(vec![1, 2, 3])),
            Answer::File(Err("表格过大".into())),
            Answer::Sheets(Ok(vec![sheet, Sheet::default()])),
            Answer::Sheets(Err(SheetError::TooLarge {
                sheet: "Sheet1".into(),
            })),
            Answer::Sheets(Err(SheetError::Empty)),
            Answer::Key([9; 32]),
        ];
        for answer in answers {
            assert_eq!(crosses(&answer), answer);
        }
    }

    #[test]
    fn each_task_gets_its_own_kind_of_answer() {
        let docx = perform(Task::Docx(paper()));
        assert!(
            matches!(&docx, Answer::File(Ok(bytes)) if bytes.starts_with(b"PK")),
            "{docx:?}"
        );
        let workbook = match perform(Task::Xlsx(tables())) {
            Answer::File(Ok(bytes)) => bytes,
            other => panic!("{other:?}"),
        };
        match perform(Task::ReadXlsx(workbook)) {
            Answer::Sheets(Ok(sheets)) => {
                assert_eq!(sheets[0].name, "各单位信访事项");
                assert_eq!(sheets[0].rows[1][0], Cell::Text("甲单位".into()));
                assert_eq!(sheets[0].rows[1][1], Cell::Number(7.0));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            perform(Task::ReadXlsx(b"not a workbook".to_vec())),
            Answer::Sheets(crate::sheet::read_xlsx(b"not a workbook"))
        );
        assert_eq!(
            perform(Task::DeriveKey {
                passphrase: "p".into(),
                salt: vec![1; 16],
                iterations: 1_000
            }),
            Answer::Key(crate::exchange::derive_key("p", &[1; 16], 1_000))
        );
    }
}
