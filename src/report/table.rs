//! A report table: a title, header rows and rows of cells, the one shape the page, the DOCX
//! and the XLSX all draw.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TableCell {
    Text(String),
    /// A count or sum; `decimals` digits are shown (0 for counts).
    Number {
        value: f64,
        decimals: u8,
    },
    /// A rate in 0..=1, shown as a percentage with one decimal.
    Percent(f64),
    Empty,
}

impl TableCell {
    pub fn count(value: u64) -> TableCell {
        TableCell::Number {
            value: value as f64,
            decimals: 0,
        }
    }

    /// The cell as it is printed: `1234`, `12.5`, `87.3%`, or nothing.
    pub fn display(&self) -> String {
        match self {
            TableCell::Text(text) => text.clone(),
            TableCell::Number { value, decimals } => format!("{value:.*}", usize::from(*decimals)),
            TableCell::Percent(rate) => format!("{:.1}%", rate * 100.0),
            TableCell::Empty => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Short ASCII name, used for the XLSX sheet order and test hooks (`petitions_by_office`).
    pub key: String,
    /// The Chinese title (also the XLSX sheet name, at most 31 characters).
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<TableCell>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_print_as_counts_sums_and_percentages() {
        assert_eq!(TableCell::count(1234).display(), "1234");
        assert_eq!(
            TableCell::Number {
                value: 12.5,
                decimals: 1
            }
            .display(),
            "12.5"
        );
        assert_eq!(TableCell::Percent(0.8734).display(), "87.3%");
        assert_eq!(TableCell::Empty.display(), "");
    }
}
