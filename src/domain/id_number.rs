//! Resident ID numbers (GB 11643-1999, PRODUCT §4): checking, masking and normalising.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why an ID number is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdNumberError {
    /// Neither 18 nor (legacy) 15 characters.
    WrongLength,
    /// A character that must be a digit is not.
    NotDigits,
    /// The birth date is not a real date, or lies after today.
    BadBirthDate,
    /// The last character does not match ISO 7064 MOD 11-2.
    BadCheckCharacter,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS: [u8; 11] = *b"10X98765432";

/// The check character for the first 17 digits, or `None` if they are not 17 ASCII digits.
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(char::from(CHECK_CHARACTERS[(sum % 11) as usize]))
}

/// The number with the full-width digits and Ｘ of a Chinese input method read as the
/// ASCII ones (PRODUCT §4); anything else is left as it is.
pub fn read_digits(id: &str) -> Cow<'_, str> {
    let full_width = |c: char| matches!(c, '\u{FF10}'..='\u{FF19}' | 'Ｘ' | 'ｘ');
    if !id.chars().any(full_width) {
        return Cow::Borrowed(id);
    }
    Cow::Owned(
        id.chars()
            .map(|c| match c {
                '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (u32::from(c) - 0xFF10) as u8),
                'Ｘ' | 'ｘ' => 'X',
                other => other,
            })
            .collect(),
    )
}

/// Checks an ID number as typed (no trimming; full-width digits read as digits). An
/// 18-character number must carry a real birth date not after `today` and a correct check
/// character (`x` or `X`); a legacy 15-character number only has to be all digits.
pub fn validate(id: &str, today: NaiveDate) -> Result<(), IdNumberError> {
    let id = read_digits(id);
    let id = id.as_ref();
    let bytes = id.as_bytes();
    match (id.chars().count(), bytes.len()) {
        (15, 15) => {
            if bytes.iter().all(u8::is_ascii_digit) {
                Ok(())
            } else {
                Err(IdNumberError::NotDigits)
            }
        }
        (18, 18) => {
            let (first17, last) = id.split_at(17);
            if !first17.bytes().all(|b| b.is_ascii_digit())
                || !matches!(last.as_bytes()[0], b'0'..=b'9' | b'x' | b'X')
            {
                return Err(IdNumberError::NotDigits);
            }
            let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d")
                .map_err(|_| IdNumberError::BadBirthDate)?;
            if birth > today {
                return Err(IdNumberError::BadBirthDate);
            }
            let expected = check_character(first17).ok_or(IdNumberError::NotDigits)?;
            if last.eq_ignore_ascii_case(&expected.to_string()) {
                Ok(())
            } else {
                Err(IdNumberError::BadCheckCharacter)
            }
        }
        (18 | 15, _) => Err(IdNumberError::NotDigits),
        _ => Err(IdNumberError::WrongLength),
    }
}

/// The ID number as lists show it: first 6 and last 4 characters, `*` in between.
/// Anything of 10 characters or fewer is masked entirely, since showing 10 would show all.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    if n <= 10 {
        return "*".repeat(n);
    }
    let mut out = String::with_capacity(id.len());
    out.extend(&chars[..6]);
    out.extend(std::iter::repeat_n('*', n - 10));
    out.extend(&chars[n - 4..]);
    out
}

/// The form used to compare two ID numbers: trimmed, `x` in upper case, and a legacy
/// 15-digit number upgraded to its 18-digit form (century 19 inserted, check computed),
/// so the same person matches across the two forms.
pub fn normalize(id: &str) -> String {
    let id = read_digits(id.trim()).to_ascii_uppercase();
    if id.len() == 15 && id.bytes().all(|b| b.is_ascii_digit()) {
        let first17 = format!("{}19{}", &id[..6], &id[6..]);
        if let Some(check) = check_character(&first17) {
            return format!("{first17}{check}");
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 8, 21).unwrap()
    }

    /// A real-shaped number with the correct check character for these 17 digits.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17).unwrap())
    }

    #[test]
    fn known_valid_number_with_x_passes_in_either_case() {
        assert_eq!(check_character("11010519491231002"), Some('X'));
        assert_eq!(validate("11010519491231002X", today()), Ok(()));
        assert_eq!(validate("11010519491231002x", today()), Ok(()));
    }

    #[test]
    fn computed_check_characters_pass_and_any_other_fails() {
        for first17 in [
            "44030419900307123",
            "32010619851111001",
            "41010220000229456",
        ] {
            let id = with_check(first17);
            assert_eq!(validate(&id, today()), Ok(()), "{id}");
            let right = id.as_bytes()[17];
            for wrong in b"0123456789X".iter().filter(|&&c| c != right) {
                let bad = format!("{first17}{}", char::from(*wrong));
                assert_eq!(
                    validate(&bad, today()),
                    Err(IdNumberError::BadCheckCharacter)
                );
            }
        }
    }

    #[test]
    fn birth_date_must_be_real_and_not_after_today() {
        let feb_29_non_leap = with_check("41010219990229456");
        assert_eq!(
            validate(&feb_29_non_leap, today()),
            Err(IdNumberError::BadBirthDate)
        );
        let month_13 = with_check("41010219991301456");
        assert_eq!(
            validate(&month_13, today()),
            Err(IdNumberError::BadBirthDate)
        );
        let born_tomorrow = with_check("41010220220822456");
        assert_eq!(
            validate(&born_tomorrow, today()),
            Err(IdNumberError::BadBirthDate)
        );
        let born_today = with_check("41010220220821456");
        assert_eq!(validate(&born_today, today()), Ok(()));
    }

    #[test]
    fn wrong_length_and_non_digits_are_told_apart() {
        assert_eq!(validate("", today()), Err(IdNumberError::WrongLength));
        assert_eq!(
            validate("1101051949123100", today()),
            Err(IdNumberError::WrongLength)
        );
        assert_eq!(
            validate("11010519491231002X1", today()),
            Err(IdNumberError::WrongLength)
        );
        assert_eq!(
            validate("1101051949123100XX", today()),
            Err(IdNumberError::NotDigits)
        );
        assert_eq!(
            validate("11010519491231002Y", today()),
            Err(IdNumberError::NotDigits)
        );
        assert_eq!(
            validate("11010519491231002X ", today()),
            Err(IdNumberError::WrongLength)
        );
        // 18 characters but not 18 bytes: a letter of another script.
        assert_eq!(
            validate("11010519491231002甲", today()),
            Err(IdNumberError::NotDigits)
        );
    }

    #[test]
    fn full_width_digits_of_an_input_method_are_read_as_digits() {
        // 11010519491231002X typed in full width, and its last character as ｘ.
        let typed = "１１０１０５１９４９１２３１００２Ｘ";
        assert_eq!(read_digits(typed), "11010519491231002X");
        assert_eq!(validate(typed, today()), Ok(()));
        assert_eq!(
            validate("１１０１０５１９４９１２３１００２ｘ", today()),
            Ok(())
        );
        assert_eq!(normalize(typed), "11010519491231002X");
        // A wrong check character is still found.
        assert_eq!(
            validate("１１０１０５１９４９１２３１００２１", today()),
            Err(IdNumberError::BadCheckCharacter)
        );
        assert!(matches!(
            read_digits("110105194912310021"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn legacy_15_digit_numbers_are_accepted_as_they_are() {
        assert_eq!(validate("110105491231002", today()), Ok(()));
        assert_eq!(
            validate("11010549123100X", today()),
            Err(IdNumberError::NotDigits)
        );
        assert_eq!(normalize("110105491231002"), "11010519491231002X");
    }

    #[test]
    fn mask_shows_first_six_and_last_four_only() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
        assert_eq!(mask("110105491231002"), "110105*****1002");
        assert_eq!(mask("12345678901"), "123456*8901");
        assert_eq!(mask("1234567890"), "**********");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn normalize_makes_case_and_spaces_irrelevant() {
        assert_eq!(normalize(" 11010519491231002x "), "11010519491231002X");
    }
}
