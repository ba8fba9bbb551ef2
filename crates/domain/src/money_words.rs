//! Whether words typed into the order — which every factory sharing it reads — name an amount
//! of money: "insurer paid USD 3,200", "扣款 5000 元", "¥1.2万". The order's free text (a
//! claim's settlement, why a PO closed short, why the factory changed) travels where no price
//! may ([`crate::commercial`] keeps the money); the office is told before it saves, not
//! stopped: a number next to a currency, or right after a money word ("扣款 5000", "refund
//! 480") with no count's unit after it, is a strong hint, never proof.

/// Currency signs read before or after a number.
const SIGNS: [char; 5] = ['$', '¥', '￥', '€', '£'];
/// Currency codes and words, upper-cased for ASCII, read before or after a number.
const CODES: [&str; 14] = [
    "USD", "US$", "RMB", "CNY", "EUR", "EURO", "EUROS", "GBP", "HKD", "JPY", "AUD", "YUAN",
    "DOLLAR", "DOLLARS",
];
/// Chinese currency words, read after a number ("5000 元", "1.2万元", "300 美金").
const WORDS_AFTER: [&str; 9] = [
    "元",
    "块钱",
    "美元",
    "美金",
    "欧元",
    "英镑",
    "港币",
    "日元",
    "人民币",
];
/// Chinese currency words read before a number ("人民币 5000").
const WORDS_BEFORE: [&str; 3] = ["人民币", "美元", "美金"];
/// Words that make the number right after them an amount even without a currency ("扣款 5000",
/// "赔付2万", "refund 480"), unless a count's unit follows it ("deducted 24 pcs").
const MONEY_NOUNS: [&str; 29] = [
    "扣款", "扣钱", "扣了", "赔付", "赔偿", "赔款", "赔了", "罚款", "罚金", "罚了", "货款", "定金",
    "订金", "尾款", "付款", "退款", "索赔", "单价", "总价", "报价", "价格", "成本", "费", "差价",
    "加价", "降价", "工价", "工钱", "付了",
];
const MONEY_WORDS: [&str; 13] = [
    "DEDUCT",
    "DEDUCTED",
    "DEDUCTION",
    "PENALTY",
    "REFUND",
    "REFUNDED",
    "COMPENSATION",
    "PRICE",
    "CHARGE",
    "CHARGED",
    "COST",
    "FEE",
    "FEES",
];
/// Units of a count, read after a number a money word came before: not an amount then. A date
/// ("5月10日", "2024-06-01") is no amount either.
const COUNT_UNITS: [&str; 50] = [
    "件", "箱", "个", "条", "套", "双", "打", "天", "小时", "米", "码", "公斤", "次", "款", "色",
    "家", "卷", "匹", "包", "批", "周", "月", "日", "年", "号", "单", "PCS", "PC", "PIECE",
    "CARTON", "CTN", "DAY", "HOUR", "HR", "KG", "LB", "YARD", "METER", "DOZEN", "DOZ", "DZ", "SET",
    "PAIR", "UNIT", "ROLL", "WEEK", "MONTH", "COLOR", "COLOUR", "SAMPLE",
];

/// Whether `text` puts a number next to a currency sign, code or word.
pub fn mentions_money(text: &str) -> bool {
    // Full-width digits and separators (typed on a Chinese keyboard) read as ASCII ones.
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            c => c,
        })
        .collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], ',' | '.')) {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let before: String = chars[start.saturating_sub(8)..start].iter().collect();
        let wider: String = chars[start.saturating_sub(16)..start].iter().collect();
        // A multiplier of Chinese amounts may follow, after a space or not ("1.2 万元", "3千块钱").
        let mut after_at = i;
        while after_at < chars.len() && chars[after_at] == ' ' {
            after_at += 1;
        }
        let multiplied =
            after_at < chars.len() && matches!(chars[after_at], '万' | '千' | '百' | 'k' | 'K');
        after_at = if multiplied { after_at + 1 } else { i };
        let after: String = chars[after_at..(after_at + 8).min(chars.len())]
            .iter()
            .collect();
        // "3千块" is money; "30块裁片" is thirty pieces.
        let kuai = multiplied && after.starts_with('块');
        if near_before(&before, &number) || near_after(&after) || kuai {
            return true;
        }
        let rest: String = chars[i..(i + 10).min(chars.len())].iter().collect();
        if after_money_word(&wider) && !counts(&rest) {
            return true;
        }
    }
    false
}

/// Whether a sign, code or word ends `before`, the text just before `number`. A code must
/// start a word ("AutoCAD 2024" is no amount), and "EUR" before a number of two digits is a
/// European shoe or garment size ("EUR 38"), not euros.
fn near_before(before: &str, number: &str) -> bool {
    let trimmed = before.trim_end();
    let upper = trimmed.to_ascii_uppercase();
    let code = CODES.iter().any(|c| {
        upper.ends_with(c)
            && !upper[..upper.len() - c.len()].ends_with(|p: char| p.is_ascii_alphabetic())
            && !(*c == "EUR" && number.len() <= 2)
    });
    trimmed.ends_with(SIGNS) || code || WORDS_BEFORE.iter().any(|w| trimmed.ends_with(w))
}

/// Whether a money word ends `before` (spaces and a colon between are allowed); an English one
/// must start a word ("refund", not "prerefund").
fn after_money_word(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', ':', '：', '=']);
    let mut upper = trimmed.to_ascii_uppercase();
    // "refund of 480", "fee of USD" read past the "of".
    if let Some(rest) = upper.strip_suffix(" OF") {
        upper = rest.trim_end().to_string();
    }
    MONEY_NOUNS.iter().any(|w| trimmed.ends_with(w))
        || MONEY_WORDS.iter().any(|w| {
            upper.ends_with(w)
                && !upper[..upper.len() - w.len()].ends_with(|p: char| p.is_ascii_alphabetic())
        })
}

/// Whether `rest`, the text right after a number, names a count's unit ("24 pcs", "3 天").
fn counts(rest: &str) -> bool {
    let upper = rest.trim_start().to_ascii_uppercase();
    if rest.starts_with(['-', '/']) && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    COUNT_UNITS.iter().any(|u| {
        // A unit word ends there, or after a plural's S ("refund 480 settled" is money).
        let Some(tail) = upper.strip_prefix(u) else {
            return false;
        };
        let tail = tail.strip_prefix('S').unwrap_or(tail);
        !u.is_ascii() || !tail.starts_with(|c: char| c.is_ascii_alphabetic())
    })
}

fn near_after(after: &str) -> bool {
    let trimmed = after.trim_start();
    let upper = trimmed.to_ascii_uppercase();
    trimmed.starts_with(SIGNS)
        || CODES.iter().any(|c| {
            upper.starts_with(c) && !upper[c.len()..].starts_with(|n: char| n.is_ascii_alphabetic())
        })
        || WORDS_AFTER.iter().any(|w| trimmed.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_next_to_a_currency_are_seen() {
        for money in [
            "insurer paid USD 3,200",
            "paid usd3200 on Monday",
            "US$ 1,250.50 credited",
            "forwarder refunds $480",
            "¥1200 deducted",
            "扣款 5000 元",
            "赔付1.2万元",
            "罚款3千块",
            "人民币 8000",
            "300 美金 已付",
            "3,200 USD paid",
            "claim of EUR 750",
            "€75 back",
            "300 dollars refunded",
            "５０００元 已扣",
            "赔付 1.2 万元",
            "450 euros back",
            "800 yuan",
            "扣款 5000",
            "赔付2万",
            "罚款：300",
            "单价4.5",
            "refund 480 on Friday",
            "refund 480 settled",
            "charged 300 daily",
            "deduction: 1,200",
            "Penalty 2%",
            "扣了5000",
            "赔了2万",
            "价格 4.5",
            "加工费 3.5",
            "样品费200",
            "cost 4.5",
            "fee 300",
            "refund of 480",
        ] {
            assert!(mentions_money(money), "{money}");
        }
    }

    #[test]
    fn pieces_dates_and_references_are_not_money() {
        for words in [
            "12 cartons crushed, 240 pcs short",
            "vessel rolled to 2026-05-20",
            "claim ref MSKU 1234567 with Maersk",
            "line 2 sews 800 a day",
            "PO-4471 closed short by 30 pcs",
            "复检 3 箱,短少 24 件",
            "USD account details follow",
            "5 usdc",
            "30块裁片 返工",
            "3 CAD markers sent",
            "AutoCAD 2024 file",
            "EUR 38 to 46 sizes",
            "deducted 24 pcs from the count",
            "charged 2 cartons to the wrong PO",
            "fine 3 days late",
            "fine 40s cotton",
            "Fine 2x2 rib",
            "free of charge 2 samples",
            "尾款 5月10日前付清",
            "定金 2024-06-01 已收",
            "报价 3 款",
            "报价3家工厂",
            "扣款 2 次",
            "索赔 1 单",
            "refund 2 pairs",
            "deducted 3 dozen",
            "deducted 5 units",
            "penalty 3 weeks late",
            "price 3 colors",
            "扣款 3 件 返工",
            "price list 2026",
            "refinement 2 rounds",
            "",
        ] {
            assert!(!mentions_money(words), "{words}");
        }
    }
}
