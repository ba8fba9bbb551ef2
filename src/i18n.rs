//! Every string the UI shows, in Simplified Chinese and English, looked up by key.
//!
//! Each key is one `texts!` line holding both languages, so a string missing in either language is
//! a compile error, and the tests below catch empty or untranslated ones.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

macro_rules! texts {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum K { $($key),* }

        impl K {
            pub const ALL: &'static [K] = &[$(K::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                // A table rather than a `match`: the match compiled to ~33 KB of wasm code.
                const TEXTS: &[[&str; 2]] = &[$([$en, $zh]),*];
                let [en, zh] = TEXTS[self as usize];
                match lang {
                    Lang::En => en,
                    Lang::Zh => zh,
                }
            }
        }
    };
}

texts! {
    AppName => "Gendan", "跟单";
    Tagline => "Order follow-up", "订单跟进";
    NavOrders => "Orders", "订单";
    NavNew => "New order", "新建订单";
    NavSettings => "Settings", "设置";
    Loading => "Opening storage…", "正在打开本机存储…";
    StorageFailed => "Storage could not be opened", "无法打开本机存储";
    Search => "Search PO, style, customer", "搜索订单号、款号、客户";
    NoOrders => "No orders yet. Tap “New order” to add the first one.", "还没有订单。点击“新建订单”添加第一张。";
    NoMatches => "No order matches the search.", "没有符合搜索条件的订单。";
    Damaged => "Damaged — see Settings", "数据损坏 — 见设置";
    Pieces => "pcs", "件";
    CustomerPo => "Customer PO number", "客户订单号";
    CustomerPoLater => "Customer PO number (may wait until the buyer orders)", "客户订单号（客户下单前可空）";
    NoPoYet => "No PO yet", "未下单";
    Customer => "Customer", "客户";
    StyleNo => "Style number", "款号";
    Description => "Description", "品名描述";
    UnitPrice => "Unit price", "单价";
    Currency => "Currency", "币种";
    OrderDate => "Order date", "下单日期";
    ExFactory => "Ex-factory date", "出厂日期";
    Status => "Status", "状态";
    Quantities => "Quantities (colour × size)", "数量(颜色 × 尺码)";
    Colour => "Colour", "颜色";
    ProdAllColours => "All colours (not split)", "全部颜色(不分色)";
    ProdByColour => "By colour", "各颜色进度";
    ProdNotSplit => "Not split by colour", "未分颜色";
    Size => "Size", "尺码";
    AddColour => "Add colour", "添加颜色";
    AddSize => "Add size", "添加尺码";
    Remove => "Remove", "删除";
    Total => "Total", "合计";
    Amount => "Order amount", "订单金额";
    Save => "Save", "保存";
    Saving => "Saving…", "正在保存…";
    SavedAt => "Saved on this device", "已保存到本机";
    Created => "Order created", "订单已创建";
    FixErrors => "Please correct the fields marked below.", "请修改下面标出的字段。";
    Back => "Back to orders", "返回订单列表";
    NewColourName => "New colour, e.g. Navy", "新颜色,如 藏青";
    NewSizeName => "New size, e.g. XL", "新尺码,如 XL";
    OrderNotFound => "This order is not on this device.", "本机上没有这张订单。";
    OrderDamaged => "This order's stored data is damaged and was set aside; other orders are unaffected.", "这张订单的存储数据已损坏并已隔离,其他订单不受影响。";
    ErrRequired => "Required", "必填";
    ErrNotWhole => "Must be a whole number of pieces", "数量必须是整数";
    ErrNegative => "Must not be negative", "不能为负数";
    ErrTooLarge => "Too large", "数值过大";
    ErrNotNumber => "Not a number", "不是有效数字";
    ErrTooPrecise => "At most 4 decimals", "最多 4 位小数";
    ErrNotDate => "Not a valid date", "日期无效";
    ErrBeforeOrder => "Ex-factory date is before the order date", "出厂日期早于下单日期";
    ErrCurrency => "Three capital letters, e.g. USD", "三个大写字母,如 USD";
    ErrDuplicate => "Appears twice", "重复";
    StDraft => "Draft", "草稿";
    StConfirmed => "Confirmed", "已确认";
    StInProduction => "In production", "生产中";
    StReadyToShip => "Ready to ship", "待出货";
    StShipped => "Shipped", "已出货";
    StDelivered => "Delivered", "已交付";
    StClosed => "Closed", "已结案";
    StOnHold => "On hold", "暂停";
    StCancelled => "Cancelled", "已取消";
    Language => "Language", "语言";
    YourName => "Your name (recorded with each change)", "您的姓名(随每次修改记录)";
    DeviceId => "Device", "设备";
    StorageUse => "Storage on this device", "本机存储";
    StorageUsed => "used", "已用";
    StorageOf => "of", "/ 可用";
    StoragePersisted => "Protected from automatic clearing", "已受保护,不会被浏览器自动清除";
    StorageNotPersisted => "The browser may clear this storage when space runs low", "存储空间不足时浏览器可能清除这些数据";
    StorageUnknown => "The browser does not report storage use", "浏览器未提供存储用量";
    Quarantined => "Damaged records set aside", "已隔离的损坏记录";
    NoneQuarantined => "None: every record loaded.", "无:所有记录均已正常载入。";
    DownloadBytes => "Download its bytes", "下载原始数据";
    QuotaFull => "This device's storage is full. Your change is kept and will be saved automatically when space is freed.", "本机存储已满。您的修改已暂存,腾出空间后会自动保存。";
    WriteFailed => "Saving failed; retrying:", "保存失败,正在重试:";
    UpdateReady => "A new version of Gendan is ready.", "跟单有新版本。";
    Reload => "Reload to update", "重新载入以更新";
    OfflineReady => "Works offline", "可离线使用";
    Version => "Version", "版本";
    Transfer => "Move data by file", "通过文件传输数据";
    TransferHelp => "When no network connects two devices: export a file here, carry it over (USB, Bluetooth, WeChat), and import it there. Importing merges; it never overwrites.", "当两台设备无法联网时:在这里导出文件,用 U 盘、蓝牙或微信传到另一台设备再导入。导入只会合并,绝不覆盖。";
    ExportAll => "Export all orders", "导出全部订单";
    ExportOrder => "Export this order as a file", "将此订单导出为文件";
    ImportFile => "Import a file", "导入文件";
    Importing => "Importing…", "正在导入…";
    ImportNewOne => "{n} new order", "{n} 张新订单";
    ImportNewMany => "{n} new orders", "{n} 张新订单";
    ImportUpdated => "updated", "张已更新";
    ImportUnchanged => "unchanged", "张无变化";
    ImportSkipped => "skipped (damaged here)", "张已跳过(本机数据损坏)";
    ImportRefused => "The file was not imported; nothing was changed:", "文件未导入,本机数据未作任何改动:";
    ImportRefusedDocs => "could not be read and were not imported (the others were): {n}", "无法读取、未导入(其余已导入):{n}";
    Exporting => "Exporting…", "正在导出…";
    ExportFailed => "The file could not be made: {reason}", "无法生成文件:{reason}";
    ChangedElsewhere => "This order was changed in another tab or on another device; the form shows the latest.", "此订单已在其他标签页或设备上修改,表单已显示最新内容。";
    // --- order sections and inspection (add keys for them below this line) ---
    SecOverview => "Overview", "概要";
    SecTna => "T&A", "生产计划(T&A)";
    SecMoney => "Money", "收付款";
    SecProduction => "Production", "生产进度";
    SecQc => "Inspections", "验货";
    SecShipment => "Shipment", "出货";
    SecLog => "Complaints & log", "投诉与沟通";
    SecHistory => "History", "修改记录";
    Sections => "Order sections", "订单栏目";
    MoveTo => "Move the order to:", "将订单改为:";
    GateClosed => "Not allowed yet:", "暂不允许:";
    GateRefusedTitle => "A rule stops this step. Fix what is missing, or give a reason to override it (the reason is logged with your name and the time).", "有规则阻止此操作。请补齐所缺条件,或填写理由强制放行(理由会连同您的姓名和时间记录)。";
    GateDeposit => "deposit not confirmed", "订金未到账";
    GateBalance => "balance not confirmed", "余款未到账";
    GateDepositBelowLeast => "deposit: the terms ask less than the team's least deposit of {percent} %: production starts once {floor} is received in all, or with a reason", "订金:合同约定低于团队最低订金比例 {percent}%:累计收到 {floor} 后方可投产,或填写理由";
    GateDepositNone => "no deposit planned: production starts without one only with a reason", "未约定订金:无订金投产须填写理由";
    GateBalanceNone => "nothing to receive for these goods: shipping them needs a reason", "这批货没有应收款:出货须填写理由";
    GateFinalInspection => "final inspection not passed", "尾期验货未合格";
    GateFinalUnsettled => "a final lot failed (or already rejects while still open, or was reopened) and is not settled: a later pass does not overrule it; finish it, re-inspect it after rework, or start a new lot over with a reason", "有尾期验货批次不合格(或未完成但已达拒收数,或被重新打开)且未处理:之后的合格结果不能推翻它;请完成该批次、返工后复验,或注明原因重新开始新批次";
    GateSample => "required sample not approved", "所需样品未批准";
    GateBuyerConfirmed => "buyer's order not confirmed in writing and by phone", "客户订单未经书面及电话确认";
    OverrideNeedsReason => "Overriding needs a reason:", "强制放行需要填写理由:";
    OverrideReason => "Reason for overriding", "强制放行理由";
    OverrideAndMove => "Override and move", "强制放行并改为";
    OverrideLog => "Gates overridden", "强制放行记录";
    ErrNotLate => "A delay report is only for a milestone that is late or at risk.", "只有已延误或有延误风险的节点才能填写延误报告。";
    ErrTransition => "The order cannot move to that status from here.", "订单不能从当前状态改为该状态。";
    ShippingAndPeople => "Shipping terms and people", "贸易条款与负责人";
    Incoterm => "Incoterm", "贸易术语";
    PortOfLoading => "Port of loading", "装运港";
    Destination => "Destination", "目的地";
    ShipMode => "Ship mode", "运输方式";
    Etd => "ETD", "预计开船日(ETD)";
    Eta => "ETA", "预计到港日(ETA)";
    Factory => "Factory", "工厂";
    Merchandiser => "Merchandiser", "跟单员";
    Template => "T&A template", "T&A 模板";
    ApplyTemplate => "Apply template", "套用模板";
    NoTemplates => "The workspace has no T&A template.", "工作区没有 T&A 模板。";
    NoMilestones => "No milestones yet: apply a template.", "还没有节点:请套用模板。";
    MsDone => "Done", "已完成";
    MsUnplanned => "No date", "未排期";
    MsOnTrack => "On track", "正常";
    MsAtRisk => "At risk", "有风险";
    MsLate => "Late", "已延误";
    Planned => "Planned", "计划";
    Actual => "Actual", "实际";
    ActualDate => "Actual date", "实际日期";
    RecordActual => "Record as done", "记录完成";
    WriteDelayReport => "Delay report", "延误报告";
    DelayCause => "Cause of the delay", "延误原因";
    NewDate => "New date", "新日期";
    Informed => "Who is informed", "已通知谁";
    Deposit => "Deposit", "订金";
    Balance => "Balance", "余款";
    Received => "Received (confirmed)", "已到账(已确认)";
    Outstanding => "Outstanding", "未收";
    Receipts => "Receipts", "收款记录";
    ConfirmedBy => "confirmed by", "确认人";
    ConfirmReceipt => "Confirm arrival", "确认到账";
    ReceiptRef => "Bank reference (TT / slip no.)", "银行水单号";
    ReceiptRow => "{day} · {amount} · recorded by {who}", "{day} · {amount} · 登记人 {who}";
    ReceiptVoided => "voided by {why}", "已作废:{why}";
    ReceiptSeparate => "money of its own, said {why}", "确认为另一笔款:{why}";
    ReceiptTwin => "Looks like the receipt of {amount} on {day} recorded by {who} (entered twice?): it counts once. Void one, or say why this is money of its own.", "与 {who} 登记的 {day} {amount} 收款相同(重复登记?),只计一次。请作废其中一笔,或说明这是另一笔款。";
    ReceiptAwaits => "waiting for someone other than {who} to confirm", "待 {who} 以外的人确认到账";
    MarkSeparate => "Money of its own", "是另一笔款";
    ReceiptReason => "Why (logged): void, or money of its own", "原因(将被记录):作废或另一笔款";
    ErrOwnReceipt => "Someone other than who recorded the money confirms it arrived.", "收款须由登记人以外的人确认到账。";
    ErrReceiptVoided => "This receipt was voided; it counts for nothing.", "该收款已作废,不计入。";
    ErrReceiptTwin => "This receipt looks like another one entered twice: void one, or say why it is money of its own, before confirming it.", "该收款与另一笔相同(重复登记?):请先作废其中一笔,或说明这是另一笔款,再确认到账。";
    Payables => "Payables to suppliers", "应付供应商";
    DepositPercent => "Deposit %", "订金比例 %";
    PlanReceivables => "Set deposit and balance", "计算订金和余款";
    ReceiptAmount => "Amount received", "收款金额";
    Date => "Date", "日期";
    Note => "Note", "备注";
    RecordReceipt => "Record receipt", "登记收款";
    Supplier => "Supplier", "供应商";
    PayableAmount => "Amount owed", "应付金额";
    DueDate => "Due date", "到期日";
    AddPayable => "Add payable", "添加应付款";
    ChargePaidTo => "Paid to (a party of the team)", "收款方(团队往来单位)";
    ChargeKindLabel => "Charge for", "费用类型";
    ChargeFreight => "Freight", "运费";
    ChargeCourier => "Courier", "快递费";
    ChargeTesting => "Testing / lab", "检测费";
    ChargeSamples => "Samples", "样品费";
    ChargeInspection => "Inspection", "验货费";
    ChargeSundry => "Other", "其他";
    ChargeNote => "What it is for (invoice no.)", "费用说明(发票号)";
    ChargeByHand => "raised by hand by {who} on {day} · {kind}", "{who} 于 {day} 手工录入 · {kind}";
    ChargeRule => "paid only against a request approved by someone other than {who}", "须凭 {who} 以外的人批准的付款申请付款";
    ChargeVoidedRow => "voided by {why}", "已作废:{why}";
    ChargeTwin => "Looks like the charge of {amount} raised by {who} on {day} (entered twice?): it is owed once. Void one, or say why this is a charge of its own.", "与 {who} 于 {day} 录入的 {amount} 费用相同(重复录入?),只计一次。请作废其中一笔,或说明这是另一笔费用。";
    ChargeSeparate => "a charge of its own, said {why}", "确认为另一笔费用:{why}";
    ChargeMarkSeparate => "A charge of its own", "是另一笔费用";
    ChargeReason => "Why (logged): void a charge, or a charge of its own", "原因(将被记录):作废费用或另一笔费用";
    ErrChargeWithoutRequest => "A charge raised by hand is paid only against an approved payment request.", "手工录入的费用须凭已批准的付款申请付款。";
    ErrOwnCharge => "A charge raised by hand is approved for payment by someone other than who raised it.", "手工录入的费用须由录入人以外的人批准付款。";
    ErrChargeVoided => "This charge was voided; it is owed nothing.", "该费用已作废,无需支付。";
    ErrChargePaid => "Money was paid against this charge; it cannot be voided (follow the refund instead).", "该费用已有付款,不能作废(请跟进退款)。";
    ErrChargeTwin => "This charge looks like another one entered twice: void one, or say why it is a charge of its own, first.", "该费用与另一笔相同(重复录入?):请先作废其中一笔,或说明这是另一笔费用。";
    ErrNotAParty => "Choose one of the team's parties (not a customer)", "请选择团队的往来单位(客户除外)";
    ClaimsTitle => "Transit claims: money", "运输索赔金额";
    ClaimNone => "No amount claimed yet", "尚未填写索赔金额";
    ClaimState => "Claimed {claimed} · recovered {recovered} · outstanding {outstanding}", "索赔 {claimed} · 已收回 {recovered} · 未收回 {outstanding}";
    ClaimBeyond => "{amount} came back beyond the claim", "收回金额超出索赔 {amount}";
    ClaimAmountLabel => "Amount claimed", "索赔金额";
    ClaimLodge => "Save the claim", "保存索赔金额";
    RecoveryAmountLabel => "Money back", "收回金额";
    RecoveryDateLabel => "Came in on", "到账日期";
    RecoveryRecord => "Record money back", "登记收回款";
    RecoveryRow => "{amount} on {day} · {who}", "{day} 收回 {amount} · {who}";
    RecoveryVoidedRow => "voided: {why}", "已作废:{why}";
    RecoveryVoidReason => "Why it is voided", "作废原因";
    RecoveryVoid => "Void", "作废";
    ErrBelowRecovered => "Less than already recovered ({max})", "低于已收回金额({max})";
    EvClaimLodged => "Transit claim of {amount} lodged", "提出运输索赔 {amount}";
    EvClaimRevised => "Transit claim revised to {amount}", "运输索赔金额改为 {amount}";
    EvClaimRecovered => "{amount} recovered on a transit claim", "运输索赔收回 {amount}";
    EvRecoveryVoided => "Claim money {amount} voided", "索赔收回款 {amount} 已作废";
    DeductionsTitle => "Kept back by the buyer for complaints", "客户扣款";
    DeductionState => "Kept back {deducted} · waiting to be confirmed {waiting}", "已确认扣款 {deducted} · 待确认 {waiting}";
    DeductionBeyond => "{amount} kept back beyond what the order owes", "扣款超出本单应收 {amount}";
    DeductionRow => "{amount} for the complaint of {complaint} · the buyer said so on {day} · recorded by {who}", "{day} 客户通知扣款 {amount}({complaint} 的客诉)· 登记人 {who}";
    DeductionAwaits => "waiting for someone other than {who} to confirm", "待 {who} 以外的人确认";
    DeductionConfirm => "Confirm the deduction", "确认扣款";
    DeductionTwin => "Looks like the deduction of {amount} recorded by {who} (entered twice?): it counts once. Void one of them.", "与 {who} 登记的 {amount} 扣款相同(重复登记?),只计一次。请作废其中一笔。";
    DeductionComplaint => "For the complaint", "所属客诉";
    DeductionAmountLabel => "Amount kept back", "扣款金额";
    DeductionDayLabel => "The buyer said so on", "客户通知日期";
    DeductionRefLabel => "Debit note no.", "扣款单号";
    DeductionRecord => "Record the deduction", "登记扣款";
    DeductionMost => "At most {max} may be kept back: what the buyer still owes on this order.", "最多可扣 {max}(本单客户尚欠金额)。";
    Deducted => "Kept back (confirmed)", "已确认扣款";
    ErrOwnDeduction => "Someone other than who recorded the deduction confirms it.", "扣款须由登记人以外的人确认。";
    ErrDeductionVoided => "This deduction was voided; it counts for nothing.", "该扣款已作废,不计入。";
    ErrDeductionTwin => "This deduction looks like another one entered twice: void one of them first.", "该扣款与另一笔相同(重复登记?):请先作废其中一笔。";
    EvDeductionRecorded => "Buyer deduction of {amount} recorded, waiting to be confirmed", "登记客户扣款 {amount},待确认";
    EvBuyerDeducted => "Buyer deduction of {amount} confirmed", "客户扣款 {amount} 已确认";
    EvDeductionVoided => "Buyer deduction of {amount} voided", "客户扣款 {amount} 已作废";
    DebitsTitle => "Charged back to suppliers for complaints", "向工厂或供应商扣款";
    DebitRow => "{amount} to {supplier} on {po} for the complaint of {complaint} · {who}, {day}", "{day} 向 {supplier} 扣款 {amount}(采购单 {po},{complaint} 的客诉)· {who}";
    DebitPo => "Purchase order", "采购单";
    DebitBeyond => "Charged back {amount} beyond the value of {po} (entered on two devices?): void one.", "{po} 的扣款超出采购金额 {amount}(重复登记?):请作废其中一笔。";
    DebitAmountLabel => "Amount charged back", "扣款金额";
    DebitNoteLabel => "What for", "扣款原因";
    // ---- 传播信息: notices and meeting minutes carried to each factory through its orders ----
    NoticesTitle => "Notices to factories", "工厂通知";
    NoticesHelp => "Company and department notices and meeting minutes, carried to each factory through its open orders", "公司及部门通知、会议记录,经进行中的订单传达到每个工厂";
    NoticeKindLabel => "Kind", "类型";
    NoticeKindNotice => "Notice", "通知";
    NoticeKindMinutes => "Meeting minutes", "会议记录";
    NoticeTitleLabel => "Title", "标题";
    NoticeBodyLabel => "Text", "内容";
    NoticeFromLabel => "Sent by", "发送人";
    NoticeFactoryLabel => "Factory", "工厂";
    NoticeReaderLabel => "Read by", "阅读人";
    NoticeToLabel => "To which factories", "发给哪些工厂";
    NoticeReach => "{name} · {orders}", "{name} · 共 {orders}";
    NoticeNoReach => "{name}: no open order, so no notice can reach it", "{name}:没有进行中的订单,通知无法送达";
    NoticeNoFactories => "No factory in the workspace yet: add one under Parties", "工作区还没有工厂:请先在往来单位中添加";
    NoticeSend => "Send", "发送";
    NoticeSent => "Sent to {factories}, in {orders}", "已发给 {factories},随 {orders} 送达";
    NoticePickFactory => "Choose at least one factory with an open order", "请至少选择一个有进行中订单的工厂";
    NoticeSendFailed => "Sent in {done} of {all} orders: {error}. Send again to reach the rest.", "已随 {done}/{all} 张订单发出:{error}。再次发送即可送达其余订单。";
    NoticeSentBy => "{kind} · {who}, {day} · to {factory}", "{kind} · {who} 发于 {day} · 发给 {factory}";
    NoticeSentOn => "{kind} · {who}, {day}", "{kind} · {who} 发于 {day}";
    NoticeAckFor => "Someone at the factory read it (by phone…)", "工厂人员已阅(如电话确认)";
    NoticeCarried => "Carried in", "随订单送达";
    NoticeReadBy => "Read by {list}", "已阅:{list}";
    NoticeAckEntry => "{who} ({day})", "{who}({day} 已阅)";
    NoticeAckEntryNote => "{who} ({day}, {note})", "{who}({day} 已阅,{note})";
    NoticeNotRead => "Nobody at the factory has marked it read", "工厂尚无人确认已阅";
    NoticeAck => "Mark as read", "确认已阅";
    NoticeAckName => "Who read it", "阅读人姓名";
    NoticeAckNote => "How it was confirmed", "确认方式";
    NoticeWithdraw => "Withdraw", "撤回";
    NoticeWithdrawWhy => "Why it is withdrawn", "撤回原因";
    NoticeWithdrawnBy => "Withdrawn: {by}", "已撤回:{by}";
    NoticeWithdrawnOn => "Withdrawn on {day}: {by}", "已于 {day} 撤回:{by}";
    NoticeCopiesDiffer => "The copy in {orders} does not say what is shown here: it was changed after it was sent.", "{orders} 中的这份通知与此处显示的内容不同:发送后被改动过。";
    DailyNoticeWithdrawn => "{kind} to {factory} withdrawn: {title} ({said})", "已撤回发给 {factory} 的{kind}:{title}({said})";
    NoticesNone => "No notices yet", "暂无通知";
    DailyNoticeSent => "{kind} sent to {factory}: {title}", "已向 {factory} 发送{kind}:{title}";
    DailyNoticeRead => "{who} ({factory}) read: {title}", "{factory} 的 {who} 已阅:{title}";
    TodayNoticesUnread => "Notices no factory has read yet", "工厂尚未确认已阅的通知";
    TodayNoticesToRead => "Notices to read", "待阅通知";
    TodayNoticeRow => "{who}, {day} · {orders}", "{who} 发于 {day} · {orders}";
    NoticesUnreadOne => "{n} notice not yet read", "{n} 条通知待确认已阅";
    NoticesUnreadMany => "{n} notices not yet read", "{n} 条通知待确认已阅";
    OpenOrdersOne => "{n} open order", "{n} 张进行中的订单";
    OpenOrdersMany => "{n} open orders", "{n} 张进行中的订单";
    ErrNoticeWithdrawn => "This notice was withdrawn; it is no longer marked as read.", "该通知已撤回,不能再确认已阅。";
    ErrNotThisOrdersFactory => "Only into an open order this factory makes", "只能发到该工厂进行中的订单";
    DebitRecord => "Charge back", "登记工厂扣款";
    DebitMost => "At most {max} on this purchase order: its value less what is already charged back.", "本采购单最多可扣 {max}(采购金额减去已扣款)。";
    EvFactoryDebited => "{amount} charged back to a supplier for a complaint", "因客诉向供应商扣款 {amount}";
    EvDebitVoided => "Supplier debit of {amount} voided", "供应商扣款 {amount} 已作废";
    ComplaintKeptBack => "the buyer keeps back {amount}", "客户扣款 {amount}";
    ComplaintKeptBackWaiting => "{amount} more to be confirmed", "另有 {amount} 待确认";
    ComplaintChargedBack => "charged back to the supplier {amount}", "向供应商扣款 {amount}";
    TodayToConfirm => "Money to confirm", "待确认的款项";
    TodayReceiptToConfirm => "Receipt {amount} recorded by {who}: someone else confirms it arrived", "{who} 登记的收款 {amount}:须由他人确认到账";
    TodayDeductionToConfirm => "Buyer deduction {amount} recorded by {who}: someone else confirms it", "{who} 登记的客户扣款 {amount}:须由他人确认";
    QuotesTitle => "Quotations to the buyer", "报价单";
    QuoteWord => "Quote", "报价";
    QuoteRow => "Round {round}: {price} per piece {term}", "第 {round} 轮:每件 {price} {term}";
    QuotePiecesRow => "for {pieces} pcs", "按 {pieces} 件";
    QuoteValidRow => "valid until {day}", "有效期至 {day}";
    QuoteMadeRow => "made by {who} on {day}", "{who} 于 {day} 制作";
    QsDraft => "Not sent yet", "尚未发出";
    QsSent => "Sent {day}, awaiting the buyer", "{day} 已发出,等待客户回复";
    QsExpired => "Sent {day}, expired without an answer", "{day} 已发出,已过有效期未获回复";
    QsAccepted => "Accepted by the buyer on {day}", "客户于 {day} 接受";
    QsCountered => "The buyer countered {price} on {day}", "客户于 {day} 还价 {price}";
    QsDeclined => "Declined by the buyer on {day}", "客户于 {day} 拒绝";
    QsWithdrawn => "Withdrawn: {why}", "已撤回:{why}";
    QuoteBuyerSaid => "The buyer said: {note}", "客户意见:{note}";
    QuoteSend => "Mark sent", "标记已发出";
    QuoteSentOn => "Sent on", "发出日期";
    QuoteAnsweredOn => "Answered on", "回复日期";
    QuoteReplyLabel => "The buyer's answer", "客户回复";
    ReplyAccepted => "Accepted", "接受";
    ReplyCountered => "Counter offer", "还价";
    ReplyDeclined => "Declined", "拒绝";
    QuoteCounter => "Counter price", "还价单价";
    QuoteAnswerNote => "What the buyer said (if accepted late: why the price holds)", "客户意见(逾期接受请说明价格仍有效的原因)";
    QuoteRecordAnswer => "Record the answer", "记录回复";
    QuoteWithdraw => "Withdraw", "撤回";
    QuoteWithdrawReason => "Why it is withdrawn", "撤回原因";
    QuotePriceDiffers => "The order's price {order} is not the accepted quote's {quote}", "订单单价 {order} 与已接受报价 {quote} 不一致";
    QuoteNoPriceYet => "The order has no price yet; the buyer accepted {quote}", "订单尚无单价;客户已接受报价 {quote}";
    QuoteUsePrice => "Use the quoted price", "采用报价单价";
    QuotesTwoAccepted => "Two quotes stand accepted (taken on two devices): withdraw the one that does not hold", "有两份报价同时被接受(来自两台设备):请撤回不成立的一份";
    QuoteNew => "New quote", "新报价";
    QuoteMeetCounter => "New round at {price}", "按 {price} 重新报价";
    QuotePriceLabel => "Price per piece", "单价(每件)";
    QuotePiecesLabel => "Pieces quoted for", "报价数量(件)";
    QuoteValidLabel => "Valid until", "有效期至";
    QuoteNoteLabel => "What the price includes", "报价说明(包含项目)";
    QuoteMake => "Make the quote", "生成报价";
    QuotePrint => "Print the quotation", "打印报价单";
    QuotationDoc => "Quotation", "报价单";
    DocNoQuote => "No quote to print yet: make one under Money", "尚无可打印的报价:请在收付款中制作报价";
    DocQuoteRound => "Round", "轮次";
    ErrBeforeQuoted => "Is before the day the quote was made", "早于报价制作日期";
    ErrBeforeQuoteSent => "Is before the day the quote was sent", "早于报价发出日期";
    ErrAnotherAccepted => "Another quote stands accepted: withdraw it first, saying why", "已有报价被客户接受:请先撤回并说明原因";
    ErrNoneAccepted => "No quote stands accepted", "没有已被接受的报价";
    ErrNotSentYet => "The quote was not sent yet: mark it sent first", "报价尚未发出:请先标记已发出";
    ErrAlreadyAnswered => "The buyer answered this quote already: make a new round", "客户已回复此报价:请另做新一轮报价";
    ErrWithdrawn => "The quote was withdrawn", "此报价已撤回";
    ErrQuoteExpired => "Accepted after the quote expired: say why the price still holds", "报价过期后才接受:请说明价格仍然有效的原因";
    OtherCurrencyReceipt => "The receipt of {amount} was recorded in {currency}, which the books are no longer kept in: it counts for nothing until they are kept in {currency} again, or it is voided and recorded again", "收款 {amount} 以 {currency} 登记,账目已不再使用该币种:账目改回 {currency} 之前不计入;或作废后按现币种重新登记";
    OtherCurrencyDeduction => "The deduction of {amount} was recorded in {currency}, which the books are no longer kept in: it counts for nothing until they are kept in {currency} again, or it is voided and recorded again", "客户扣款 {amount} 以 {currency} 登记,账目已不再使用该币种:账目改回 {currency} 之前不计入;或作废后按现币种重新登记";
    PayableReconciledTwice => "Reconciled again on another device: counts for nothing (reconcile again if goods are missing)", "另一台设备重复对账:此笔不计(如有漏计货款请重新对账)";
    DebitTwin => "The same charge-back was entered on another device: this one counts for nothing until one of the two is voided", "另一台设备已录入同一笔扣款:此笔不计,直到作废其中一笔";
    ErrNotBooksCurrency => "Recorded in {currency}, which the books are no longer kept in: it counts for nothing until they are kept in {currency} again, or it is voided and recorded again", "以 {currency} 登记,账目已不再使用该币种:在账目改回 {currency} 之前不计入;或作废后按现币种重新登记";
    ErrCurrencyInUse => "Money is planned or received in {currency}: the books keep it", "账目已按 {currency} 计划或收款:币种不能更改";
    EvQuoteSent => "Quote round {round} sent: {amount}", "第 {round} 轮报价已发出:{amount}";
    EvQuoteAccepted => "The buyer accepted quote round {round} at {amount}", "客户接受第 {round} 轮报价 {amount}";
    EvQuoteAcceptedLate => "Quote round {round} at {amount} accepted after it expired: {why}", "第 {round} 轮报价 {amount} 过期后被接受:{why}";
    EvQuoteCountered => "The buyer countered quote round {round} ({amount}) at {counter}", "客户对第 {round} 轮报价 {amount} 还价 {counter}";
    EvQuoteDeclined => "The buyer declined quote round {round} ({amount})", "客户拒绝第 {round} 轮报价 {amount}";
    EvQuoteWithdrawn => "Quote round {round} withdrawn: {said}", "第 {round} 轮报价已撤回:{said}";
    MoneyNotHere => "The money for this order is kept on other devices (finance); it is not on this one.", "本订单的收付款资料保存在其他设备(财务)上,本机没有。";
    Stage => "Stage", "工序";
    Done => "Done", "已完成";
    Expected => "Expected by today", "今日应完成";
    Quantity => "Quantity (pcs)", "数量(件)";
    ReportProduction => "Report quantity", "上报数量";
    InspectionKind => "Inspection type", "验货类型";
    BookingsTitle => "Booked inspections", "验货预约";
    BookInspection => "Book an inspection", "预约验货";
    BookingDay => "Inspection day", "验货日期";
    BookingBy => "Inspected by", "验货方";
    ByOwn => "Our QC", "我方QC";
    ByBuyer => "The buyer's QC", "客户QC";
    ByThirdParty => "A third party (SGS, Intertek…)", "第三方验货机构";
    BookingAgency => "Who inspects for them", "验货人/机构";
    BookingToConfirm => "Not confirmed for this day yet", "对方尚未确认此日期";
    BookingConfirmed => "Confirmed for this day (recorded by {who} on {day})", "已确认此日期({who} 于 {day} 记录)";
    BookingConfirmedOther => "They confirmed {day}: confirm the new day", "对方确认的是 {day}:请重新确认新日期";
    ConfirmBooking => "They confirmed this day", "对方已确认此日期";
    MoveBooking => "Move to this day", "改到此日期";
    MoveOrCancel => "Move or call off", "改期或取消";
    BookingWhy => "Why", "原因";
    CancelBooking => "Call it off", "取消预约";
    BookingCancelled => "Called off: {why}", "已取消:{why}";
    BookingDone => "Held: the inspection was started", "已验货:验货已开始";
    NoBookings => "No inspection booked.", "暂无验货预约。";
    TodayBookings => "Inspections booked", "验货预约";
    TodayBookingToConfirm => "not confirmed yet", "对方未确认";
    ReturnsTitle => "Goods sent back", "退货";
    ReturnQty => "Pieces sent back", "退回件数";
    ReturnDay => "Day they came back", "收到退货日期";
    ReturnDisposition => "What becomes of them", "处理方式";
    ReturnNote => "Note (carton, courier number)", "备注(箱号、快递单号)";
    RecordReturn => "Record the return", "登记退货";
    DispRework => "Rework and send again", "返工后重发";
    DispReplace => "Replace with new pieces", "补货";
    DispScrap => "Scrap", "报废";
    ReturnRow => "{qty} pcs back on {day}", "{day} 退回 {qty} 件";
    ReturnToResend => "Not sent again yet", "尚未重发";
    ReturnResent => "Sent again on {day} ({who}) {note}", "已于 {day} 重发({who}){note}";
    ReturnVoided => "Voided: {why}", "已作废:{why}";
    ResentDay => "Day sent again", "重发日期";
    MarkResent => "Record as sent again", "登记已重发";
    VoidReturn => "Void (entered by mistake)", "作废(录入错误)";
    ReturnWhy => "Why void it", "作废原因";
    ResendOrVoid => "Sent again, or void", "登记重发或作废";
    ReturnsLeft => "At most {max} more pieces can come back on this complaint", "此投诉最多还可退回 {max} 件";
    TodayReturns => "Returned goods to send again", "退货待重发";
    TodayReturnRow => "{qty} pcs back: {what}", "退回 {qty} 件:{what}";
    ErrComplaintNotOpen => "Goods come back only under an open complaint", "仅未结投诉可登记退货";
    ErrAtMost => "At most {max}", "最多 {max}";
    ErrNothingToResend => "Nothing of this return is to be sent again, or it was sent already", "此退货无需重发或已重发";
    ErrReturnsToResend => "Pieces sent back to be reworked or replaced have not gone again yet: record them sent first", "退回返工或补货的货品尚未重发:请先登记重发";
    TodayBookingMissed => "its day passed, not held: move it or call it off", "预约日已过未验货:请改期或取消";
    BookingMissed => "{day} passed and nobody started the inspection: move it to a new day or call it off", "{day} 已过,未开始验货:请改期或取消预约";
    ErrInPast => "Is a day already gone", "日期已过";
    ErrBookingClosed => "This booking was called off or held already", "此预约已取消或已验货";
    ErrOwnNeedsNoConfirmation => "Our own QC's booking needs no confirmation", "我方QC的预约无需确认";
    LotSize => "Lot size (pcs)", "批量(件)";
    StartInspection => "Start inspection", "开始验货";
    VerdictPass => "Passed", "合格";
    VerdictFail => "Failed", "不合格";
    VerdictPending => "In progress", "进行中";
    VerdictUnknown => "Plan incomplete", "抽样方案不完整";
    BackToOrder => "Back to the order", "返回订单";
    InspectionNotFound => "This inspection is not in the order.", "订单中没有这次验货。";
    ReinspectionOf => "Re-inspection after rework", "返工后复查";
    SamplingSetup => "Lot and AQL", "批量与 AQL";
    InspectionLevel => "Inspection level", "检验水平";
    AqlCritical => "AQL critical", "AQL 致命";
    AqlMajor => "AQL major", "AQL 严重";
    AqlMinor => "AQL minor", "AQL 轻微";
    UpdatePlan => "Update plan", "更新抽样方案";
    SamplingPlan => "Sampling plan", "抽样方案";
    SampleSize => "Units to draw", "抽样数";
    Defects => "Defects found", "发现的疵点";
    Fewer => "One fewer", "减一";
    More => "One more", "加一";
    Photos => "Photos", "照片";
    AddPhoto => "Take photo", "拍照";
    PhotoAlt => "Defect photo", "疵点照片";
    PhotoNotHere => "Photo not on this device", "本机没有此照片";
    PhotoFailed => "The photo could not be saved:", "照片未能保存:";
    Measurements => "Measurements", "尺寸测量";
    MeasurePoint => "Point of measure", "测量部位";
    Spec => "Spec (cm)", "标准(cm)";
    Tolerance => "Tolerance ± (cm)", "公差 ±(cm)";
    MeasuredValues => "Measured values, separated by commas", "实测值,用逗号分隔";
    AddMeasurement => "Add measurement", "添加测量";
    OutOfTolerance => "out of tolerance", "超出公差";
    FinishInspection => "Finish inspection", "完成验货";
    ReopenInspection => "Reopen to correct", "重新打开以更正";
    ReworkNote => "What was reworked", "返工内容";
    PoCloseReason => "Why close it short, accepting what arrived (logged)", "短交结案原因(按已到数量结案,会被记录)";
    PoCloseShort => "Close short", "短交结案";
    PoClosedShort => "Closed short on {day} by {who}: {why}", "{who} 于 {day} 短交结案:{why}";
    EvPoClosedShort => "Purchase order {po} closed short: {received} of {ordered} {unit} arrived", "采购订单 {po} 短交结案:已到 {received} / 订购 {ordered} {unit}";
    PoCancelledTag => "Cancelled", "已取消";
    ReceivablesTitle => "Receivables (owed by buyers)", "应收账款";
    AgingNotDue => "Not yet due", "未到期";
    Aging0To30 => "1–30 days overdue", "逾期 1–30 天";
    Aging31To60 => "31–60 days overdue", "逾期 31–60 天";
    Aging61To90 => "61–90 days overdue", "逾期 61–90 天";
    AgingOver90 => "Over 90 days overdue", "逾期 90 天以上";
    AgingTotal => "Total owed", "应收合计";
    ReceivableOverdue => "{po} · {customer}: {open} owed of {owed}, {days} days overdue", "{po} · {customer}:应收 {owed},尚欠 {open},逾期 {days} 天";
    ReceivableNotDue => "{po} · {customer}: {open} owed of {owed}, not yet due", "{po} · {customer}:应收 {owed},尚欠 {open},未到期";
    PoRevise => "Change the PO (quantity, due day)", "采购变更(数量、交期)";
    PoRevisionReason => "Why it changes (logged)", "变更原因(将被记录)";
    PoSaveRevision => "Save the change", "保存变更";
    PoCancel => "Cancel the PO", "取消采购单";
    PoCancelReason => "Why cancel it (logged)", "取消原因(将被记录)";
    PoRevisionRow => "Changed on {day} by {who}: {qty_from} → {qty_to} {unit}, due {due_from} → {due_to}: {why}", "{who} 于 {day} 变更:{qty_from} → {qty_to} {unit},交期 {due_from} → {due_to}:{why}";
    PoCancelledRow => "Cancelled on {day} by {who}: {why}", "{who} 于 {day} 取消:{why}";
    PoFirstDue => "first due {day}, judged by it", "原交期 {day}(按其考核)";
    EvPoRevised => "Purchase order {po} changed: {qty_from} → {qty_to} {unit}, due {due_from} → {due_to}", "采购订单 {po} 变更:{qty_from} → {qty_to} {unit},交期 {due_from} → {due_to}";
    EvPoCancelled => "Purchase order {po} cancelled", "采购订单 {po} 已取消";
    ErrGoodsArrived => "Goods already came against it: close it short instead", "已有到货:请改为短交结案";
    ErrCancelled => "It is cancelled: nothing more changes on it", "已取消,不能再变更";
    StartedOverReason => "Why a new final lot, not a re-inspection of the failed one (logged)", "为何新开尾期验货而不是复验不合格批次(会被记录)";
    ErrWrittenFirst => "The phone check follows the buyer's written order: record that first, dated on or before it", "电话核对须在客户书面订单之后:请先记录书面确认,日期不晚于电话核对";
    ErrNoFactoryNamed => "A final lot counts at its factory: name the order's factory first", "尾期验货批次计入其工厂的记录:请先填写订单的工厂";
    ErrFailedLotWaits => "A final lot failed (or already rejects while still open) and waits for its re-inspection after rework: request that on it, or give the reason for a new lot", "有尾期验货批次不合格(或未完成但已达拒收数),待返工后复验:请在该批次上申请复验,或填写新开批次的原因";
    EvFinalStartedOver => "New final inspection started while a failed lot waits for its re-inspection", "在不合格批次待复验时新开了尾期验货";
    RequestReinspection => "Request re-inspection", "申请复查";
    AddShipment => "Add shipment", "添加出货";
    Forwarder => "Forwarder", "货代";
    BookingNo => "Booking number", "订舱号";
    BookingDate => "Booking date", "订舱日期";
    VesselFlight => "Vessel / flight", "船名航次 / 航班";
    ContainerNo => "Container number", "柜号";
    ContainerType => "Container type", "柜型";
    BlNo => "B/L or AWB number", "提单号 / 空运单号";
    ShippedOn => "Shipped on", "实际出货日";
    Cartons => "Cartons", "箱数";
    ShipPieces => "Pieces", "件数";
    GrossKg => "Gross weight (kg)", "毛重(kg)";
    NetKg => "Net weight (kg)", "净重(kg)";
    Cbm => "Volume (CBM)", "体积(立方米)";
    DocumentsChecklist => "Documents", "单证";
    Complaints => "Complaints", "客户投诉";
    ComplaintSource => "From", "投诉方";
    Severity => "Severity", "严重程度";
    AddComplaint => "Add complaint", "添加投诉";
    CloseComplaint => "Close", "结案";
    HandleComplaint => "Handle", "处理";
    RulesTitle => "Rules of this workspace", "工作区规则";
    RulesHelp => "What holds an order back, for everyone in the workspace. A gate can still be passed on an order with a logged reason.", "对工作区内所有人生效的放行条件。单个订单仍可填写理由后越过关卡。";
    RulesGates => "Gates", "关卡";
    RuleDeposit => "Deposit confirmed before production", "生产前须确认订金到账";
    RuleSamples => "Required samples approved before production", "生产前须批核所需样品";
    RuleBuyerConfirmed => "Buyer's order confirmed in writing and by phone before production", "生产前须经客户书面及电话确认订单";
    RuleBalance => "Balance confirmed before shipping", "出货前须确认余款到账";
    RuleFinalInspection => "Final inspection passed before shipping", "出货前须尾期验货合格";
    RulePaymentApproval => "Suppliers paid only against a payment request someone else approved", "供应商付款须凭他人批准的付款申请";
    RulesSamples => "Samples that must be approved", "须批核的样品";
    InspectedBy => "inspected by {who} on {day}", "{who} 于 {day} 检验";
    IncomingConflict => "Decided differently on two devices, so it counts as not yet decided; decide it again (with a reason):", "两台设备的来料检验结果不一致,视为未判定;请重新判定(须填写原因):";
    IncomingDecidedBy => "{result} by {who} on {day}", "{who} 于 {day} 判定为{result}";
    InspectionChangeRow => "{day} · {who}: {from} → {to} · {why}", "{day} · {who}:由 {from} 改为 {to} · 原因:{why}";
    InspectionChangeReason => "Why change a result already decided (logged)", "修改已判定结果的原因(将被记录)";
    ErrInspectionNeedsReason => "Changing an incoming inspection result already decided needs a reason: type it under the deliveries, then choose again.", "修改已判定的来料检验结果须填写原因:请在到货列表下方填写后再选择。";
    TermsReason => "Why change the deposit share (logged; needed to lower it)", "修改订金比例的原因(将被记录;降低时必填)";
    FirstPlansApart => "Two devices planned the deposit at once: {low} and {high}. {high} stands until someone plans it again (a lower share with a reason)", "两台设备同时制定了订金计划:{low} 和 {high}。在重新制定前以 {high} 为准(降低比例须填写原因)";
    TermsChangeRow => "Deposit share {from} → {to}, by {who} on {day}: {why}", "订金比例 {from} → {to},{who} 于 {day}:{why}";
    FactoryReason => "Why move the order from its factory (logged: goods were inspected there, shipped or complained about)", "更换工厂的原因(将被记录:该厂已验货、已出货或已有投诉)";
    FactoryChangeRow => "Factory {from} → {to}, by {who} on {day}: {why}", "工厂由 {from} 改为 {to},{who} 于 {day}:{why}";
    ErrFactoryNeedsReason => "This order's goods were inspected at its factory, shipped or complained about: moving it needs a reason (each lot's inspection stays with the factory that made it).", "本订单已在该工厂验货、已出货或已有投诉:更换工厂须填写原因(每批的检验记录仍归生产它的工厂)。";
    WidenReason => "Why widen the allowance (logged; needed to widen it)", "放宽溢短装允差的原因(将被记录;放宽时必填)";
    ToleranceChangeRow => "Allowance {from} → {to}, by {who} on {day}: {why}", "允差由 {from} 改为 {to},{who} 于 {day}:{why}";
    ReplyBy => "{result} by {who} on {day}", "{result}(记录人 {who},{day})";
    ReplyConflict => "The buyer's reply was recorded differently on two devices; record it again:", "两台设备记录的客户回复不一致,请重新记录:";
    RuleReason => "Why change a rule (logged; needed to loosen one)", "修改规则的原因(将被记录;放宽规则时必填)";
    ErrRuleNeedsReason => "Loosening a rule needs a reason: type it above, then change the rule again.", "放宽规则须填写原因:请在上方填写后再修改。";
    RuleLogTitle => "Rule changes", "规则变更记录";
    RuleLogRow => "{day} · {who}: {rule} {from} → {to}", "{day} · {who} 将 {rule} 由 {from} 改为 {to}";
    RuleOn => "on", "开启";
    RuleOff => "off", "关闭";
    RuleLeastDepositShort => "Least deposit", "最低订金比例";
    RuleLeastDeposit => "Least deposit before production (% of the order's value; 0 for none)", "投产前最低订金比例(占订单金额的百分比;0 表示不限)";
    RuleRiskDays => "A milestone is at risk this many days before it is due", "节点到期前多少天视为有风险";
    ErrRiskDays => "Enter a whole number of days from 0 to 90", "请输入 0 至 90 之间的整数天数";
    RestoreTitle => "Put it back as it last read", "恢复到最后可读的版本";
    RestoreHelp => "This order last read correctly at {time}. Putting it back undoes {changes} (by {names}); they stay in its history, and every device gets the order back.", "此订单最后一次可正常读取是在 {time}。恢复后将撤销{changes}(由 {names} 所做);这些修改仍保留在历史记录中,所有设备都会收到恢复后的订单。";
    RestoreChangesOne => "the change made after it", "之后的那一项修改";
    RestoreChangesMany => "the {n} changes made after it", "之后的 {n} 项修改";
    RestoreHelpBooks => "This order's money last read correctly at {time}. Putting it back undoes {changes} (by {names}); they stay in its history, and every device that holds the money gets it back.", "此订单的收付款资料最后一次可正常读取是在 {time}。恢复后将撤销{changes}(由 {names} 所做);这些修改仍保留在历史记录中,所有持有收付款资料的设备都会收到恢复后的版本。";
    BooksBroken => "This order's money (prices, receipts, payables) cannot be read: a change made to it is not one this app writes. Nothing is lost; until it is put back, the money is hidden here and cannot be edited.", "此订单的收付款资料(价格、收款、应付款)无法读取:其中有一项修改不是本应用写入的。没有数据丢失;恢复之前,此处不显示收付款资料,也无法编辑。";
    RestoreButton => "Put it back", "恢复";
    TeamDocBroken => "The team's document (parties, people, templates, rules) cannot be read: a change made to it is not one this app writes. Nothing is lost; until it is put back, the team shows empty here and cannot be edited.", "团队文档(往来单位、人员、模板、规则)无法读取:其中有一项修改不是本应用写入的。没有数据丢失;恢复之前,此处团队信息显示为空且无法编辑。";
    RestoreHelpTeam => "The team's document last read correctly at {time}. Putting it back undoes {changes} (by {names}); they stay in its history, and every device gets it back.", "团队文档最后一次可正常读取是在 {time}。恢复后将撤销{changes}(由 {names} 所做);这些修改仍保留在历史记录中,所有设备都会收到恢复后的文档。";
    ErrDayGoal => "Enter a whole number from 0 to 50", "请输入 0 至 50 之间的整数";
    DayGoalsTitle => "Day's goals", "每日目标";
    DayGoalsHelp => "Calls: phone calls noted in an order's log, suppliers chased, the buyer's order checked by phone. Plans: milestones, ex-factory days and inspections set or moved, purchase orders placed. Reviews: samples answered, inspections finished, purchase orders and the buyer's written order confirmed. A rule stepped around counts for nothing.", "电:订单沟通记录中的电话、催货、电话确认客户订单。计:排定或调整节点、出厂日期和验货,下采购订单。审:样品回复、验货完成、采购订单及客户书面订单确认。绕过规则的操作不计入。";
    DayGoalsWhatCounts => "What counts", "统计口径";
    GoalCall => "Calls", "电话";
    GoalPlan => "Plans", "计划";
    GoalReview => "Reviews", "审核";
    DayGoalsShort => "calls {c}, plans {p}, reviews {r}", "{c}电{p}计{r}审";
    DayGoalsLine => "Day's goals: calls {calls}, plans {plans}, reviews {reviews}", "每日目标:电话 {calls},计划 {plans},审核 {reviews}";
    DayGoalsMet => "Every goal met", "目标全部完成";
    DayGoalsNotMet => "Not every goal met yet", "目标尚未全部完成";
    DayGoalsRuleHelp => "What the daily report counts each day's work against (3 calls, 3 plans, 6 reviews unless the team sets others); 0 counts nothing of that kind.", "日报按此目标统计每天的工作(默认每天3电3计6审);设为 0 则不统计该项。";
    Stringency => "Inspection severity", "检验严格度";
    CodeNormal => "Normal", "正常检验";
    CodeTightened => "Tightened", "加严检验";
    CodeReduced => "Reduced", "放宽检验";
    NextFinalLot => "Switching rules (ISO 2859-1): this factory's next final lot is inspected at", "转移规则(ISO 2859-1):该工厂下一批终检采用";
    AcceptanceDiscontinued => "acceptance discontinued after 5 lots not accepted on tightened inspection: the factory must correct its process first", "加严检验下已有 5 批不合格,暂停验收:工厂须先整改";
    ConfirmLeaveForm => "This order has changes that are not saved. Leave anyway? (They stay as a draft on this device.)", "此订单有未保存的修改,仍要离开吗?(修改会作为草稿保留在本机。)";
    NewTemplate => "New T&A template", "新建 T&A 模板";
    TemplateName => "Template name", "模板名称";
    TemplateStartFrom => "Start from", "基于";
    TemplateEmpty => "An empty template", "空白模板";
    RemoveTemplate => "Remove template", "删除模板";
    ConfirmRemoveTemplate => "Remove the template (orders that used it keep their milestones)", "删除模板(已套用的订单保留其节点)";
    ErrTemplateName => "Give the template a name", "请填写模板名称";
    ErrTemplateExists => "A template with this name exists already", "已有同名模板";
    ErrDefectCode => "Give the defect a code (e.g. D21)", "请填写疵点代码(如 D21)";
    ErrDefectExists => "This defect code is in the library already", "疵点库中已有此代码";
    Cancel => "Cancel", "取消";
    ComplaintOwner => "Owner", "负责人";
    Resolution => "Resolution (action taken)", "处理结果(采取的措施)";
    RootCause => "Root cause", "原因分析";
    ErrResolutionNeeded => "Write the root cause and the resolution (action taken) before resolving or closing", "结案或标记已解决前,请填写原因分析和处理结果(采取的措施)";
    DefectiveQty => "Defective pieces", "不良数量";
    ComplaintShipment => "Shipment concerned", "涉及的出货批次";
    ComplaintFacts => "{qty} pcs defective", "不良 {qty} 件";
    ComplaintFactory => "Factory when opened: {factory}", "投诉时的工厂:{factory}";
    CommLog => "Communication log", "沟通记录";
    Channel => "Channel", "方式";
    WithWhom => "With whom", "对象";
    Summary => "What was said", "内容摘要";
    AddNote => "Add to log", "添加记录";
    CodeCutting => "Cutting", "裁剪";
    CodeSewing => "Sewing", "车缝";
    CodeFinishing => "Finishing", "后整";
    CodePacking => "Packing", "包装";
    CodePreProduction => "Pre-production", "产前验货";
    CodeInline => "Inline (DUPRO)", "中期验货";
    CodeFinal => "Final (FRI)", "尾期验货";
    CodeReinspection => "Re-inspection", "复查";
    CodeCritical => "Critical", "致命";
    CodeMajor => "Major", "严重";
    CodeMinor => "Minor", "轻微";
    CodeCommercialInvoice => "Commercial invoice", "商业发票";
    CodePackingList => "Packing list", "装箱单";
    CodeBillOfLading => "Bill of lading", "提单";
    CodeCertificateOfOrigin => "Certificate of origin", "产地证";
    CodeCustomsDeclaration => "Customs declaration", "报关单";
    CodeInspectionCertificate => "Inspection certificate", "检验证书";
    CodeNotStarted => "Not started", "未开始";
    CodeDrafted => "Drafted", "已制单";
    CodeSent => "Sent", "已寄出";
    CodeApproved => "Approved", "已确认";
    CodeSea => "Sea", "海运";
    CodeAir => "Air", "空运";
    CodeRail => "Rail", "铁路";
    CodeCourier => "Courier", "快递";
    CodeTruck => "Truck", "陆运";
    CodeOpen => "Open", "未处理";
    CodeInProgress => "In progress", "处理中";
    CodeResolved => "Resolved", "已解决";
    CodeClosedC => "Closed", "已结案";
    CodeCall => "Call", "电话";
    CodeEmail => "Email", "邮件";
    CodeFax => "Fax", "传真";
    CodeWeChat => "WeChat", "微信";
    CodeVisit => "Visit", "拜访";
    CodeMeeting => "Meeting", "会议";
    // --- today, orders list, reports, parties, documents out (add keys below this line) ---
    NavToday => "Today", "今日";
    NavNewShort => "New", "新建";
    NavReports => "Reports", "报表";
    NavMore => "More", "更多";
    NavLabel => "Main navigation", "主导航";
    CheckingOrders => "Checking orders…", "正在检查订单…";
    NothingHere => "Nothing here.", "暂无。";
    MoreItems => "more", "条未显示";
    TodayLate => "Overdue milestones", "逾期节点";
    TodayDueWeek => "Due this week", "本周到期";
    TodayInspections => "Inspections today", "今日验货";
    TodayDeposits => "Deposits awaited", "待收订金";
    TodayBalances => "Balances awaited", "待收余款";
    TodayPos => "Supplier POs overdue", "供应商采购单逾期";
    TodayComplaints => "Open complaints", "未结投诉";
    TodayAtRisk => "Orders at risk of missing ex-factory", "可能延误出厂的订单";
    TodayInspPre => "Pre-production inspection", "产前检验";
    TodayInspInline => "Inline inspection (DUPRO)", "中期检验";
    TodayInspFinal => "Final inspection (FRI)", "尾期检验";
    TodayInspRe => "Re-inspection", "返查";
    RiskXfPassed => "Ex-factory date passed:", "出厂日期已过:";
    RiskMilestoneLate => "Milestone late:", "节点逾期:";
    RiskDelayedPastXf => "Milestone delayed past ex-factory:", "节点延误至出厂日之后:";
    RiskSewingBehind => "Sewing behind plan:", "车缝进度落后:";
    RiskFinalNotPassed => "Final inspection not passed yet", "尾期检验尚未通过";
    FiltersAndSort => "Filters and sort", "筛选与排序";
    AnyValue => "All", "全部";
    FactoryCol => "Factory", "工厂";
    ExFactoryMonth => "Ex-factory month", "出厂月份";
    SortByLabel => "Sort by", "排序";
    SortUpdated => "Last changed", "最近修改";
    LateOnly => "Late only", "只看延误";
    LateFlag => "Late", "延误";
    ExportOrdersCsv => "Orders as CSV", "导出订单 CSV";
    ExportMilestonesCsv => "Milestones as CSV", "导出节点 CSV";
    PiecesCol => "Pieces", "件数";
    NextDueCol => "Next milestone due", "下一节点到期";
    AnswerYes => "Yes", "是";
    AnswerNo => "No", "否";
    MilestoneCol => "Milestone", "节点";
    CsvMsPlanned => "Planned", "计划日期";
    CsvMsDue => "Due", "到期日";
    CsvMsActual => "Actual", "实际日期";
    CsvMsDone => "Done", "已完成";
    CsvMsUnplanned => "Not planned", "未排期";
    CsvMsOnTrack => "On track", "正常";
    CsvMsAtRisk => "At risk", "有风险";
    CsvMsLate => "Late", "逾期";
    DailyReportTitle => "Daily report", "日报表";
    ReportDay => "Day", "日期";
    PrintDoc => "Print", "打印";
    NoChangesThatDay => "No changes on this day.", "当天没有修改。";
    ChangedBy => "Changed by", "修改人";
    WorkspaceDoc => "Team data (parties, templates, people)", "团队资料(往来单位、模板、人员)";
    AreaMilestones => "T&A milestones", "T&A 节点";
    AreaSamples => "Samples", "样品";
    AreaPos => "Purchase orders", "采购订单";
    AreaProduction => "Production", "生产进度";
    AreaInspections => "Inspections", "验货";
    AreaShipments => "Shipments", "出货";
    AreaComplaints => "Complaints", "投诉";
    AreaMoney => "Money", "款项";
    AreaOrderList => "Order list", "订单列表";
    KpisTitle => "KPIs", "关键指标";
    GroupByLabel => "Group by", "分组";
    ByMonthOpt => "Ex-factory month", "出厂月份";
    NotSetValue => "(not set)", "(未填)";
    KpiOnTime => "On-time delivery", "准时交货率";
    KpiPoOnTime => "PO on time", "采购准时率";
    KpiSuppliersPaidOnTime => "Suppliers paid on time", "供应商付款及时率";
    KpiDeliveriesRejected => "Deliveries rejected at incoming inspection", "来料检验不合格率";
    KpiFirstPass => "First-pass inspection", "验货一次合格率";
    KpiDefectRate => "Defect rate", "次品率";
    KpiComplaints => "Complaints", "投诉数";
    DelayReportsTitle => "Delay reports", "交期延误报告";
    DelayCauseShort => "Cause", "原因";
    DelayInformed => "Informed", "已通知";
    DelayReportedBy => "Reported by", "报告人";
    PartiesTitle => "Parties", "往来单位";
    PartiesHelp => "Customers, suppliers, factories, subcontractors, forwarders", "客户、供应商、工厂、外协厂、货代";
    TemplatesTitle => "Templates", "模板";
    TemplatesHelp => "Rules (gates, at-risk window), T&A templates and the defect library", "规则(关卡、风险预警天数)、T&A 模板与疵点库";
    PeopleTitle => "People", "人员";
    PeopleHelp => "The team and their roles", "团队成员及角色";
    SettingsHelp => "Language, your name, storage, moving data", "语言、姓名、存储、数据传输";
    AddParty => "Add a party", "添加往来单位";
    PartyKindLabel => "Type", "类型";
    PartyName => "Name", "名称";
    PartyContact => "Contact person", "联系人";
    PartyPhone => "Phone", "电话";
    PartyEmail => "Email", "电子邮件";
    PartyAddress => "Address", "地址";
    PartyCapacity => "Daily capacity (pieces sewn)", "日产能(件)";
    CapacityFits => "Sews {per_day} a day · {pieces} pieces booked to {last}: fits", "日产能 {per_day} 件 · 已排 {pieces} 件(至 {last}):排得下";
    CapacityOver => "Sews {per_day} a day · {pieces} pieces booked: {due} due by {by}, only {can} can be sewn by then", "日产能 {per_day} 件 · 已排 {pieces} 件:{by} 前须完成 {due} 件,届时最多只能完成 {can} 件";
    CapacityFree => "Sews {per_day} a day · nothing booked", "日产能 {per_day} 件 · 暂无排单";
    CapacityWithThis => "With this order, {name} has {due} pieces due by {by}; it can sew only {can} by then.", "加上本订单,{name}在 {by} 前须完成 {due} 件,届时最多只能完成 {can} 件。";
    AddItem => "Add", "添加";
    PartyCustomer => "Customers", "客户";
    PartySupplier => "Suppliers", "供应商";
    PartyFactory => "Factories", "工厂";
    PartySubcontractor => "Subcontractors", "外协厂";
    PartyForwarder => "Forwarders", "货代";
    PartyOther => "Other", "其他";
    PersonRoles => "Roles", "角色";
    PersonRoleMerchandiser => "Merchandiser", "跟单员";
    PersonRoleQc => "QC inspector", "验货员";
    PersonRoleFactoryContact => "Factory contact", "工厂联系人";
    PersonRoleFinance => "Finance", "财务";
    PersonRoleManager => "Manager", "主管";
    TplAnchor => "Counted from", "起算日";
    OffsetDays => "Days after (−before)", "相差天数(负数为之前)";
    AddMilestone => "Add milestone", "添加节点";
    DefectLibraryTitle => "Defect library", "疵点库";
    DefectCode => "Code", "代码";
    NameZh => "Chinese name", "中文名称";
    NameEn => "English name", "英文名称";
    DefectClassLabel => "Default class", "默认等级";
    LibClassCritical => "Critical", "致命";
    LibClassMajor => "Major", "严重";
    LibClassMinor => "Minor", "轻微";
    ProformaInvoice => "Proforma Invoice", "形式发票";
    CommercialInvoice => "Commercial Invoice", "商业发票";
    PackingList => "Packing List", "装箱单";
    DocNumber => "No.", "编号";
    DocDate => "Date", "日期";
    DocSeller => "Seller", "卖方";
    DocBuyer => "Buyer", "买方";
    DocIncoterm => "Terms of delivery", "交货条款";
    DocDestination => "Destination", "目的地";
    DocLineAmount => "Amount", "金额";
    DocPaymentTerms => "Payment terms", "付款方式";
    DocCartons => "Cartons", "箱数";
    DocVessel => "Vessel / flight", "船名航次/航班";
    DocContainer => "Container", "柜号";
    DocTransportNo => "B/L / AWB No.", "提单/空运单号";
    DocEtd => "ETD", "预计开船日";
    DocGross => "Gross weight (kg)", "毛重(千克)";
    DocNet => "Net weight (kg)", "净重(千克)";
    DocCbm => "Volume (m³)", "体积(立方米)";
    DocSignature => "Authorised signature", "授权签字";
    Documents => "Documents", "单据";
    OurCompany => "Our company (the seller on documents)", "本公司名称(单据上的卖方)";
    ShowLateOrders => "show the late orders", "查看全部延误订单";
    // --- sync (add keys below this line) ---
    SyncTitle => "Sync", "同步";
    SyncOff => "Not syncing: no relay set", "未同步:未设置中继服务器";
    SyncOffline => "Offline: changes stay on this device", "离线:修改保存在本机";
    SyncConnecting => "Connecting…", "正在连接…";
    SyncWaiting => "Syncing: waiting", "正在同步:待确认";
    SyncedAt => "Synced at", "已同步于";
    PhotoFetching => "Fetching the photo…", "正在获取照片…";
    PhotoNoRelay => "Photo not on this device (only on the device that took it)", "本机没有此照片(仅在拍摄的设备上)";
    PhotoUnreachable => "Photo not on this device; connect to the relay to fetch it", "本机没有此照片;连接中继服务器后可获取";
    PhotoNotUploaded => "The device that took this photo has not uploaded it yet", "拍摄该照片的设备尚未上传";
    PhotoRefused => "The relay refused access to this photo", "中继服务器拒绝访问此照片";
    PhotoDamaged => "The photo arrived damaged and was not kept", "照片传输损坏,未保存";
    TryAgain => "Try again", "重试";
    SyncRetrying => "Cannot reach the relay; retrying", "无法连接中继服务器,正在重试";
    RelayAddress => "Relay address", "中继服务器地址";
    RelayAddressHint => "One address, or several relays of one team separated by spaces: when one cannot be reached, the next is used.", "一个地址,或同一团队的多个中继服务器(用空格分隔):一个连不上时自动改用下一个。";
    RelayAddressInvalid => "Each relay address starts with ws:// or wss://.", "每个中继服务器地址都须以 ws:// 或 wss:// 开头。";
    AccessToken => "Access token", "访问令牌";
    Connect => "Connect", "连接";
    StopSync => "Stop syncing", "停止同步";
    InviteLink => "Invite another device: open this link on it", "邀请其他设备:在该设备上打开此链接";
    InviteInvalid => "This invite link is not valid or incomplete.", "此邀请链接无效或不完整。";
    Joining => "Joining the workspace…", "正在加入工作区…";
    JoinAsk => "Join this workspace through {relay}? The orders on this device will sync there.", "通过 {relay} 加入此工作区?本设备上的订单将同步到该处。";
    JoinConfirm => "Join", "加入";
    JoinFailed => "Could not join: {error}", "无法加入:{error}";
    InviteNotWorkspace => "This invite names an order or an order's money on this device, not a workspace. Nothing was changed.", "此邀请指向本设备上的订单或订单金额,而不是工作区。未做任何更改。";
    ChangedOnTwo => "Changed on two devices — choose which to keep:", "两台设备同时修改了此项,请选择保留哪个:";
    Keep => "Keep", "保留";
    ShareWithFactory => "Share this order with a factory", "将此订单共享给工厂";
    ShareHelp => "Make a link for the order's factory, then send it or show the code. It reaches every open order of that factory here, and a link the factory opens replaces the one before. The factory never sees prices. Stop the link when an order leaves that factory.", "为此订单的工厂生成链接,然后发送链接或出示二维码。链接包含本设备上该工厂的所有未结订单,工厂打开新链接即替换旧链接。工厂看不到价格。订单转到其他工厂时请停用该链接。";
    SettingsFactoryRole => "This device is a factory's phone: it follows the orders a team shared with it by link, never their prices, and meets only that team's devices nearby. A team invite makes it a team device.", "本设备是工厂手机:只跟进团队通过链接共享给它的订单,看不到价格,附近同步时只与该团队的设备连接。接受团队邀请后即成为团队设备。";
    StaleLinksOne => "{n} link to stop", "{n} 个链接待停用";
    StaleLinksMany => "{n} links to stop", "{n} 个链接待停用";
    FactoryReadsMoney => "These words travel with the order, which the factory reads: the amount in them belongs under Money, which no factory receives.", "这段文字随订单同步,工厂可以看到:其中的金额应记在“款项”下,工厂看不到款项。";
    ShareByHand => "Or paste a token the relay's administrator made for this order (command below).", "或粘贴中继服务器管理员为此订单创建的令牌(命令见下)。";
    ShareMakeLink => "Make a link", "生成链接";
    ShareMakeLinkFor => "Make a link for {factory}", "为{factory}生成链接";
    ShareLinkOnce => "Send it now: the link is shown only this once. If it is lost, stop it and make another.", "请现在发送:链接只显示这一次。丢失时请停用并重新生成。";
    ShareLinkStop => "Stop sharing", "停止共享";
    ShareLinkNoFactory => "No factory named", "未指定工厂";
    ShareLinkOtherFactory => "Made for {factory}, which no longer makes this order: its phone still receives it until this link is stopped. The link reaches {orders}: stopping it stops them all, and a new link for {factory} can follow.", "此链接是为{factory}生成的,该工厂已不再生产此订单:停用前其手机仍会收到此订单。此链接包含{orders}:停用后全部停止,之后可为{factory}生成新链接。";
    ShareRemakeFor => "Make {factory} a new link for the orders it still makes", "为{factory}仍在生产的订单生成新链接";
    ShareLinksNone => "No link reaches this order.", "没有链接可访问此订单。";
    ShareLinksNeedRelay => "Links are made on the relay: set this device to sync with the team's relay first (Settings).", "链接在中继服务器上生成:请先在“设置”中让本设备与团队的中继服务器同步。";
    ShareLinksNotOffice => "The relay makes links only for a device that syncs the whole team: this device's token reaches less.", "中继服务器只为同步整个团队的设备生成链接:本设备的令牌权限不足。";
    ShareLinksOldRelay => "This relay cannot make links: paste a token its administrator made (below).", "此中继服务器不能生成链接:请粘贴其管理员创建的令牌(见下)。";
    ShareLinksFull => "The relay holds as many links for this team as it allows: stop links of finished orders first.", "中继服务器为此团队保存的链接已达上限:请先停用已完成订单的链接。";
    ShareLinksTooMany => "Too many links made or stopped this minute: try again in a minute.", "本分钟内生成或停用的链接过多:请一分钟后再试。";
    ShareLinksUnreadable => "The relay's answer could not be read (status {status}): nothing was changed. Try again; if it stays, tell whoever runs the relay.", "无法读取中继服务器的回复(状态 {status}):未做任何更改。请重试;如仍如此,请告知中继服务器管理员。";
    ShareLinksBadAddress => "This device's relay address is not a ws:// or wss:// address: correct it in Settings.", "本设备的中继服务器地址不是 ws:// 或 wss:// 地址:请在“设置”中更正。";
    ShareLinksUnreached => "Could not reach the relay ({error}): links are made and stopped there. Connect and try again.", "无法连接中继服务器({error}):链接需在服务器上生成和停用。请连接后重试。";
    ScopedToken => "Token for this order", "此订单的令牌";
    ShareChecking => "Asking the relay what this token reaches…", "正在向中继服务器核实此令牌的范围…";
    ShareTokenWhole => "This token reaches the whole team, every order's prices included: no link is made. Give the factory a token made for this order only (command above).", "此令牌可访问整个团队,包括所有订单的价格:不生成链接。请给工厂一个仅限此订单的令牌(命令见上)。";
    ShareTokenOthers => "This token reaches other documents than this order: no link is made. Give the factory a token made for this order only (command above).", "此令牌可访问此订单以外的文档:不生成链接。请给工厂一个仅限此订单的令牌(命令见上)。";
    ShareTokenUnknown => "The relay does not know this token (mistyped or revoked): no link is made.", "中继服务器不认识此令牌(输错或已吊销):不生成链接。";
    ShareTokenUnchecked => "Could not ask the relay what this token reaches ({error}): no link is made for a token that was not checked. Connect to the relay and paste it again.", "无法向中继服务器核实此令牌的范围({error}):未核实的令牌不生成链接。请连接中继服务器后重新粘贴。";
    // --- samples and purchasing (add keys below this line) ---
    SecSamples => "Samples", "打样/样品";
    SecPurchasing => "Purchasing", "采购/物料";
    SampleKindLabel => "Sample type", "样品类型";
    KindProto => "Proto sample", "初样/开发样";
    SealKeptAt => "Where the sealed piece is kept", "锁板存放位置";
    SealSample => "Seal as the reference", "锁板(封样)";
    SealedBy => "Sealed as the reference by {who} on {day}, kept at {place}", "{who} 于 {day} 锁板,存放于 {place}";
    SealStale => "No longer the reference: a later round was made or the buyer's replies disagree", "已不是标准样:已有新一轮样品或客户回复不一致";
    SealRef => "{sample} · round {round}, kept at {place}", "{sample} · 第 {round} 轮,存放于 {place}";
    QrReference => "Judged against (sealed sample)", "对照标准样(锁板)";
    NoReference => "No sealed sample yet: seal the approved one under Samples", "尚无锁板样:请在打样中将客户已批准的样品锁板";
    PsSealedAt => "sealed, kept at {place}", "已锁板,存放于 {place}";
    ErrNotApprovedToSeal => "Only the latest round, approved by the buyer, is sealed", "只有客户已批准的最新一轮样品才能锁板";
    ErrAlreadySealed => "This sample is sealed already", "此样品已锁板";
    KindLabDip => "Lab dip", "色咭";
    KindStrikeOff => "Print strike-off", "印花样";
    KindFit => "Fit sample", "试身样";
    KindSalesman => "Salesman sample (SMS, trade fair)", "推销样/展会样";
    KindSizeSet => "Size set", "齐码样";
    KindPp => "PP sample", "产前样(PP)";
    KindShipping => "Shipment sample", "船样";
    KindOther => "Other", "其他";
    ResPending => "Awaiting reply", "待客户回复";
    ResApproved => "Approved", "已批准";
    ResRejected => "Rejected", "被拒";
    ResResubmit => "Resubmit", "需重新提交";
    Round => "Round", "轮次";
    SentDate => "Sent on", "寄出日期";
    ReplyDue => "Reply expected by", "客户回复期限";
    Courier => "Courier", "快递公司";
    TrackingNo => "Tracking number", "运单号";
    Remarks => "Remarks", "说明";
    AddSample => "Add sample", "添加样品";
    NoSamples => "No samples yet.", "还没有样品。";
    BuyerReply => "Buyer's reply", "客户回复";
    BuyerComments => "Buyer's comments", "客户意见";
    ReplyDate => "Reply date", "回复日期";
    RecordReply => "Record reply", "登记回复";
    ReplyOverdue => "Reply overdue", "回复逾期";
    RepliedOn => "replied", "回复于";
    NewRound => "Add the next round", "提交下一轮";
    SamplesGateOpen => "Required samples are approved: production can be released.", "所需样品均已批准,可以下达生产。";
    SamplesGateClosed => "Production cannot be released until these are approved:", "以下样品批准之前不能下达生产:";
    ItemKindLabel => "Item", "物料类别";
    ItemFabric => "Fabric", "面料";
    ItemTrims => "Trims and accessories", "辅料";
    ItemPackaging => "Packaging", "包装材料";
    ItemSubcontract => "Subcontract work", "外协加工";
    PoNo => "PO number", "采购单号";
    PoQty => "Quantity", "数量";
    Unit => "Unit (m, kg, pcs…)", "单位(米、公斤、个…)";
    RequiredDate => "Required in-house by", "要求到货日期";
    AddPo => "Add purchase order", "添加采购单";
    NoPos => "No purchase orders yet.", "还没有采购单。";
    NoSuppliers => "No suppliers or subcontractors yet: add them under", "还没有供应商或外协厂,请先添加:";
    PoUnconfirmed => "Not confirmed", "未确认";
    PoConfirmed => "Confirmed", "已确认";
    PoPartial => "Partly delivered", "部分到货";
    PoComplete => "Delivered in full", "已全部到货";
    PoLate => "Late", "逾期";
    PoOnTime => "On time", "准时";
    PoDeliveredLate => "Delivered late", "延迟到货";
    PoLateNow => "late now", "项逾期";
    PoOnTimeRate => "delivered on time", "准时到货";
    PoValue => "Value", "金额";
    PoReceived => "Received (accepted)", "已到货(合格)";
    PoOutstanding => "Still to come", "未到数量";
    PoAwaitingInspection => "Awaiting incoming inspection (not complete until judged)", "待来料检验(判定前不算交齐)";
    ConfirmWritten => "Written confirmation (fax, e-mail)", "传真确认";
    SecBuyerConfirm => "Buyer's order confirmed", "客户订单确认";
    BuyerConfirmHelp => "Have the buyer's order in writing (fax, e-mail, signed PO), then check it by phone, before asking for the deposit and buying materials.", "客户须以书面形式(传真、邮件、签字订单)下单,再电话核对订货内容,然后才通知付订金、采购物料。";
    BuyerWritten => "In writing", "书面确认";
    BuyerPhone => "Phone check", "电话核对";
    BuyerConfirmedRow => "{channel}: {day}, {who} with {counterpart}", "{channel}:{day},{who} 与 {counterpart}";
    BuyerCounterpart => "Buyer's contact", "客户联系人";
    EvBuyerConfirmed => "Buyer's order confirmed: {channel}", "客户订单已确认:{channel}";
    ConfirmPhone => "Phone confirmation", "电话确认";
    ConfirmChannelLabel => "Confirmation", "确认方式";
    ConfirmedDate => "Confirmed on", "确认日期";
    Counterpart => "Supplier contact", "供应商联系人";
    RecordConfirmation => "Record confirmation", "登记确认";
    NotYet => "not yet", "尚未";
    Deliveries => "Deliveries", "到货记录";
    DeliveryDate => "Delivered on", "到货日期";
    DeliveryQty => "Quantity delivered", "到货数量";
    IncomingInspection => "Incoming inspection", "来料检验";
    IncPending => "Not inspected", "待检";
    IncAccepted => "Accepted", "合格";
    IncAcceptedRemarks => "Accepted with remarks", "让步接收";
    IncRejected => "Rejected", "不合格";
    RecordDelivery => "Record delivery", "登记到货";
    PoPayables => "Payable to the supplier", "应付供应商款项";
    RaisePayable => "Reconcile and add payable", "对账并生成应付款";
    Unpaid => "unpaid", "未付";
    ForPo => "for PO", "采购单";
    ErrNotPositive => "Must be more than zero", "必须大于零";
    ErrInFuture => "Cannot be a date still to come", "不能是未来的日期";
    ErrEnteredAfterDue => "On or before the day it was due, but entered after that day: give the reason for the late entry (it is kept and reported)", "日期在到期日当天或之前,但在到期日之后才录入:请填写补录原因(会被记录并上报)";
    ErrBeforeSent => "Is before the day the sample was sent", "早于样品寄出日期";
    ErrBeforeFollowUp => "Is before the day of the follow-up", "早于跟进日期";
    ErrNotAccepted => "Only goods accepted at incoming inspection go into stock", "只有来料检验合格的物料才能入库";
    ErrBeforeArrival => "Is before the goods arrived", "早于到货日期";
    StoredDate => "In stock on", "入库日期";
    StockLocation => "Stock location", "库位";
    PutInStock => "Put in stock", "入库";
    InStock => "In stock {day} · {location} ({who})", "{day} 入库 · {location}({who})";
    FollowUps => "Follow-up with the supplier", "交货跟进与反馈";
    FollowUpNote => "What the supplier said", "供应商反馈";
    FollowUpDate => "Chased on", "跟进日期";
    PromisedDate => "Promised delivery", "承诺交货日期";
    RecordFollowUp => "Record follow-up", "记录跟进";
    PromisedOn => "promised {day}", "承诺 {day}";
    UrgentReason => "Why it is urgent", "紧急原因";
    MarkUrgent => "Mark urgent", "标为紧急";
    NotUrgent => "No longer urgent", "取消紧急";
    PoUrgent => "Urgent", "紧急";
    UrgentSince => "Urgent since {day} ({who}): {reason}", "自 {day} 起紧急({who}):{reason}";
    TodayUrgent => "Urgent materials", "紧急物料";
    ErrNothingReceived => "Nothing accepted has arrived since the last reconciliation", "上次对账后没有新的合格到货";
    ErrMoreThanOwed => "More than is still owed or may still be asked for: at most {max}", "超出尚欠或尚可申请的金额:最多 {max}";
    ErrOwnRequest => "Someone other than who asked approves or rejects a payment request.", "付款申请须由申请人以外的人批准或驳回。";
    ErrRequestDecided => "This payment request was already decided.", "该付款申请已处理。";
    ErrPaymentWithoutRequest => "Your team pays suppliers only against an approved payment request: choose one, or ask for one first.", "团队规定凭已批准的付款申请向供应商付款:请选择一项申请,或先提交申请。";
    ErrRequestNotApproved => "This payment request is not approved.", "该付款申请尚未批准。";
    PayRequests => "Payment requests", "付款申请";
    RequestPayment => "Request payment", "申请付款";
    RequestAmount => "Amount requested", "申请金额";
    RequestNote => "Invoice or reason", "发票号或事由";
    RequestBy => "asked by {who} on {day}", "{who} 于 {day} 申请";
    RequestDecidedBy => "decided by {who}", "由 {who} 处理";
    RequestWaiting => "Waiting for approval", "待批准";
    RequestApproved => "Approved · unpaid {unpaid}", "已批准 · 未付 {unpaid}";
    RequestRejected => "Rejected", "已驳回";
    RequestPaid => "Paid", "已付款";
    RequestPaidBeyond => "{paid} was paid against this request: {beyond} more than was approved (paid on two devices offline). Nobody approved it: recover it or ask for its approval", "此申请已付 {paid}:比批准金额多付 {beyond}(两台设备离线各付一次)。多付部分无人批准:请追回或补办审批";
    RequestPaidButRejected => "Rejected on one device while paid on another: {paid} was paid against it.", "一台设备驳回、另一台设备已付款:已按此申请付款 {paid}。";
    PaidWithoutRequest => "{amount} paid on {day} by {who} without an approved request, required since {since}", "{who} 于 {day} 付款 {amount},未经批准的付款申请(自 {since} 起须先申请)";
    ApproveRequest => "Approve", "批准";
    RejectRequest => "Reject", "驳回";
    RejectReason => "Reason to reject (logged)", "驳回原因(将被记录)";
    PayAgainst => "Against request", "对应付款申请";
    NoRequest => "No request", "无申请";
    TodayPayRequests => "Payment requests to decide", "待处理的付款申请";
    TodayPayablesDue => "Supplier payments due this week or overdue", "本周到期或逾期的供应商付款";
    TodayOwedBack => "Suppliers owing money back", "供应商应退款项";
    Overpaid => "Charge of {charged} paid {paid} ({payments}): {beyond} paid beyond it — offset against this PO's next charge or refunded", "应付 {charged} 已付 {paid}({payments}):多付 {beyond},将抵扣本采购单下一笔应付款或由供应商退回";
    OverpaidPayment => "{amount} by {who} on {day}", "{who} 于 {day} 付 {amount}";
    Refunds => "Refunds received", "已收退款";
    RefundRow => "{amount} on {day}, recorded by {who}", "{day} 收到 {amount},{who} 登记";
    RefundVoided => "voided by {why}", "已作废:{why}";
    RefundedBeyond => "Refunds recorded exceed what was owed back by {amount}: one may have been entered twice. They count for nothing until one is voided.", "登记的退款超出应退金额 {amount}:可能重复登记。作废其中一笔前,超出部分不计入账目。";
    RefundAmount => "Amount refunded", "退款金额";
    RecordRefund => "Record refund", "登记退款";
    VoidRefund => "Void", "作废";
    VoidReason => "Why void it (logged)", "作废原因(将被记录)";
    ErrMoreThanOwedBack => "More than the supplier owes back: at most {max}", "超出供应商应退金额:最多 {max}";
    ErrPriceToCheck => "This price was copied from the old order and nobody has confirmed it yet: confirm it under Money → Prices to check first", "此价格复制自旧订单,尚未有人确认:请先在“收付款 → 待核对的价格”中确认";
    TodaySamples => "Sample replies overdue", "样品回复逾期";

    NearbyTitle => "Sync with a nearby device", "与附近设备同步";
    NearbyViaRelay => "Invite a device of this workspace through the relay", "通过中继服务器邀请本工作区的设备";
    NearbyInvites => "Devices inviting this one to sync directly", "邀请本机直接同步的设备";
    NearbyInviteFrom => "invites this device to sync directly over the local network", "邀请本机通过局域网直接同步";
    NearbyAccept => "Accept", "接受";
    NearbyRelayWaiting => "Invitation sent through the relay: waiting for a device of this workspace to accept. You can also exchange the codes below.", "已通过中继服务器发出邀请,等待本工作区的设备接受。也可以在下方互换连接码。";
    NearbyRelayDown => "The relay is not connected: exchange the codes instead.", "未连接中继服务器,请改为互换连接码。";
    NearbyMoreHelp => "No relay, no internet: exchange two codes", "无需中继和网络:互换两个连接码";
    NearbyHelp => "For two devices on the same Wi-Fi or hotspot. One shows a code, the other reads it and shows its own code, the first reads that one. Nothing leaves the local network.", "适用于连接同一 Wi-Fi 或热点的两台设备。一台显示连接码,另一台读取后显示自己的连接码,再由第一台读取。数据不会离开本地网络。";
    NearbyMoney => "Include money (commercial documents: prices, payments)", "包括金额(商业单据:价格、收付款)";
    NearbyMoneyHelp => "Left unticked, the other device receives the orders without their prices and payments.", "不勾选时,对方设备收到的订单不含价格和收付款。";
    NearbyStart => "Show my code (start here)", "显示我的连接码(从这里开始)";
    NearbyJoin => "Read the other device's code", "读取对方设备的连接码";
    NearbyPreparing => "Preparing the code…", "正在生成连接码…";
    NearbyYourOffer => "1. Let the other device scan or copy this code", "1. 请对方设备扫描或复制此连接码";
    NearbyEnterAnswer => "2. Enter the code the other device shows now", "2. 输入对方设备现在显示的连接码";
    NearbyEnterOffer => "Enter the code shown on the other device", "输入对方设备显示的连接码";
    NearbyYourAnswer => "Now let the other device scan or copy this code", "现在请对方设备扫描或复制此连接码";
    NearbyJoinsWorkspace => "This device will join the other device's workspace; the orders already here are kept and added to it.", "本设备将加入对方设备的工作区;本机已有的订单会保留并加入其中。";
    NearbyCode => "Connection code", "连接码";
    NearbyPaste => "Paste the code here", "在此粘贴连接码";
    NearbyNext => "Continue", "继续";
    NearbyConnect => "Connect", "连接";
    NearbyScan => "Scan with the camera", "用相机扫描";
    NearbyStopScan => "Stop the camera", "关闭相机";
    NearbyNoCamera => "The camera could not be opened; paste the code instead.", "无法打开相机,请改为粘贴连接码。";
    NearbyCopy => "Copy the code", "复制连接码";
    NearbyCopied => "Copied", "已复制";
    NearbyConnecting => "Connecting…", "正在连接…";
    NearbyWith => "Syncing with", "正在同步的设备:";
    NearbyConfirmed => "documents confirmed by the other device", "份文档已由对方确认";
    NearbyReceived => "documents received", "份文档已接收";
    NearbyUpToDate => "Up to date", "已是最新";
    NearbySyncing => "Syncing…", "同步中…";
    BuyerConfirmStale => "confirmed for other goods: the colours or quantities changed since; confirm again", "所确认的货物已变(颜色或数量有改动),请重新确认";
    FactoryOfficeDecides => "The team's office decides this and records it (a rule set aside, the buyer's word, a decision): tell them. On a factory's phone it is not recorded.", "此事由团队办公室决定并记录(放宽规则、买家的确认、处理决定):请告知他们。工厂手机上不记录此类内容。";
    NearbyHeld => "Waiting: nothing syncs yet", "等待中:尚未同步任何内容";
    NearbyBundleSending => "Sending the orders in one go: {n} of {total}", "正在批量发送订单:{n} / {total}";
    NearbyBundleReceiving => "Receiving the orders in one go: {n} of {total}", "正在批量接收订单:{n} / {total}";
    NearbyFactoryNoLink => "This factory's phone holds no link this device knows (stopped, or made since this device last synced with the relay): no order syncs with it. Sync this device with the relay once, or make the factory a new link.", "这台工厂手机持有的链接本设备不认识(已停用,或在本设备上次与中继服务器同步后才生成):不与它同步任何订单。请先让本设备与中继服务器同步一次,或为该工厂生成新链接。";
    NearbyFactoryOutdated => "This factory's phone runs an older version of the app: its orders sync once it is updated (open the app on it while online).", "这台工厂手机上的应用版本较旧:联网打开应用更新后,才能同步它的订单。";
    NearbyClose => "Close the connection", "断开连接";
    NearbyLetInAsk => "{name} did not prove it is one of this team's devices: a new device, one that has not synced with the team since it got the team's key, one on an older app (update it), or a factory's phone. Nothing syncs until you decide. Let it in only if it is your team's: it gets every order here.", "{name} 未能证明自己是本团队的设备:可能是新设备、拿到团队密钥后还未与团队同步过的设备、应用版本较旧的设备(请更新),或工厂手机。在您决定之前不同步任何内容。只有确认是本团队的设备才允许加入:它将获得本机所有订单。";
    NearbyLetInAskMoney => "{name} did not prove it is one of this team's devices: a new device, one that has not synced with the team since it got the team's key, one on an older app (update it), or a factory's phone. Nothing syncs until you decide. Let it in only if it is your team's: it gets every order here, and their money.", "{name} 未能证明自己是本团队的设备:可能是新设备、拿到团队密钥后还未与团队同步过的设备、应用版本较旧的设备(请更新),或工厂手机。在您决定之前不同步任何内容。只有确认是本团队的设备才允许加入:它将获得本机所有订单及其金额。";
    NearbyWaitsForOffice => "Waiting for the other device to show it is your team's office: it must hold the link this phone was given. Nothing syncs until it does. If it does not, the link may have been stopped (ask the office for a new one), the office may not have reached the relay since it made the link, or its app is older and must be updated; another factory's phone never can.", "正在等待对方设备证明它是您团队的办公设备:它必须持有本手机收到的链接。证明之前不同步任何内容。若一直未能证明:链接可能已被停用(请向办公室索取新链接),办公设备可能在生成链接后尚未连上中继服务器,或其应用版本较旧须先更新;其他工厂的手机永远无法证明。";
    TeamKeyAbout => "Your team's devices prove to each other nearby that they are the team's with a key kept in the workspace; a device that cannot is asked about before it syncs. If a device was let in by mistake, or has left the team, make a new key: the team's devices get it at their next sync with the relay, and one that has not synced since is asked about once.", "团队设备在附近同步时,用工作区中保存的密钥相互证明是本团队的设备;无法证明的设备在同步前会先询问您。若误让某台设备加入,或有设备已离开团队,请生成新密钥:团队设备在下次与中继服务器同步时获得新密钥,此后尚未同步的设备会被询问一次。";
    TeamKeyAsk => "Make a new key? Every team device that syncs only nearby will be asked about once, until it syncs with the relay.", "确定生成新密钥?只在附近同步的团队设备,在与中继服务器同步之前,都会被询问一次。";
    TeamKeyReplace => "Make a new team key", "生成新的团队密钥";
    TeamKeyReplaced => "A new team key was made. Devices that had the old one no longer prove they are the team's until they sync with the relay.", "已生成新的团队密钥。持有旧密钥的设备在与中继服务器同步之前,不再能证明是本团队的设备。";
    TeamKeyNotReplaced => "The new key could not be saved; the old one stays.", "新密钥未能保存,旧密钥保留。";
    NearbyLetIn => "It is ours: let it in", "是本团队的:允许加入";
    NearbyKeepOut => "Not ours: close", "不是本团队的:断开";
    NearbyAgain => "Start again", "重新开始";
    NearbyEndedHere => "Connection closed.", "连接已断开。";
    NearbyEndedThere => "The other device closed the connection.", "对方设备已断开连接。";
    NearbyUnreachable => "The devices could not reach each other. Are both on the same Wi-Fi (and is device isolation off)?", "两台设备无法互相连接。请确认两台设备连接同一 Wi-Fi(且未开启设备隔离)。";
    NearbyLost => "The connection was lost.", "连接已中断。";
    NearbyFailed => "The connection failed:", "连接失败:";
    CodeEmpty => "Paste or scan a code first.", "请先粘贴或扫描连接码。";
    CodeNotACode => "This is not a Gendan connection code. Nothing was changed.", "这不是跟单的连接码。未作任何更改。";
    CodeNewer => "This code comes from a newer version of Gendan: update this app first. Nothing was changed.", "此连接码来自更新版本的跟单,请先更新本应用。未作任何更改。";
    CodeWantOffer => "This is an answer code. Enter the code the starting device shows first. Nothing was changed.", "这是应答码。请输入发起设备先显示的连接码。未作任何更改。";
    CodeWantAnswer => "This is a start code. Enter the code the other device shows after reading yours. Nothing was changed.", "这是发起码。请输入对方设备读取您的连接码后显示的连接码。未作任何更改。";
    CodeDamaged => "The code is incomplete or mistyped: copy it again in full. Nothing was changed.", "连接码不完整或有误,请重新完整复制。未作任何更改。";
    CodeNoNetwork => "This device has no local network address: turn on Wi-Fi or a hotspot.", "本设备没有本地网络地址,请打开 Wi-Fi 或热点。";
    JoinOtherTeam => "This phone holds orders another team shared with it, and a phone works for one team at a time: it did not join. Nothing was changed.", "本手机存有另一个团队分享的订单,一部手机一次只为一个团队工作:未加入。未作任何更改。";
    JoinOfficeAsFactory => "This link makes a device a factory's phone, which reads only the orders shared with it. This device is the office's, with the money and notes the factory must not read: open the link on the factory's phone. Nothing was changed.", "此链接会把设备设为工厂手机,只能读取分享给它的订单。本机是办公室的设备,保存着工厂不应看到的金额和记录:请在工厂的手机上打开此链接。未做任何更改。";
    NearbyOtherTeam => "This phone was invited by another team: it syncs only with the devices of the team that shared its orders. Nothing was exchanged.", "本手机由另一个团队邀请:只与分享订单给它的团队的设备同步。未交换任何内容。";
    NearbyKeepsTeam => "This device belongs to a team and joins no other workspace nearby: answering this code would give every order here to a device that proved nothing. Start here instead (\"Show my code\") and let the other device answer it. If the other device belongs to a team too, it will not answer either: a device moves to another team through that team's invite link.", "本设备属于一个团队,不会通过附近连接加入其他工作区:回应此连接码会把本机所有订单交给一台未经证明的设备。请改为在本机开始(“显示我的连接码”),让对方设备来回应。如果对方设备也属于一个团队,它同样不会回应:设备要转入另一个团队,请使用该团队的邀请链接。";
    NearbyBothFactories => "Both devices are factories' phones: each syncs only with its team's own devices. Nothing was exchanged.", "两台设备都是工厂手机:各自只与团队自己的设备同步。未交换任何内容。";
    NearbyFactoryOtherTeam => "This code is from a factory's phone that works for another team: nothing was exchanged. If it is your factory's, let the phone read this device's code instead.", "此连接码来自为另一个团队工作的工厂手机:未交换任何内容。如果是您的工厂,请改由该手机读取本设备的连接码。";
    GateFinalLot => "final lot smaller than the goods that ship", "尾期验货批量小于出货数量";
    NeedsDecision => "Needs a decision", "待决定";
    TodayUnmerged => "Not merged with another copy", "未能与其他副本合并";
    UnmergedOrder => "This order's copy on another device or the relay could not be merged with this one. Nothing is lost: each keeps what it has, but this order no longer syncs with it. Compare the two with whoever changed it there.", "此订单在另一台设备或中转服务器上的副本无法与本机合并。没有丢失任何内容:双方各自保留现有内容,但此订单不再与其同步。请与在那边修改过它的人核对两份内容。";
    UnmergedBooks => "This order's money (its books) on another device or the relay could not be merged with this one. Nothing is lost: each keeps what it has, but the books no longer sync with it. Compare the two with whoever changed them there.", "此订单的款项(账目)在另一台设备或中转服务器上的副本无法与本机合并。没有丢失任何内容:双方各自保留现有内容,但账目不再与其同步。请与在那边修改过的人核对两份内容。";
    UnmergedWhy => "Details: {why}", "详情:{why}";
    PlanOutOfDate => "The order is worth {now} now; deposit and balance were planned on {planned}. The deposit gate already asks the terms' share of {now}: plan them again.", "订单现值 {now};定金和尾款是按 {planned} 计划的。定金关卡已按 {now} 的约定比例要求:请重新计划。";
    PricesToCheck => "Prices to check", "待核对的价格";
    PricesToCheckWhy => "These prices were copied from the order as it stood before prices moved to the books, and someone other than the person who created the order wrote them. Until someone confirms them they count for nothing: no order value, plan, invoice or payable uses them. Check each against the contract, correct it if needed, and confirm.", "这些价格是在价格移入账目之前从订单中复制过来的,且不是由创建订单的人填写的。确认之前它们不计入任何金额:订单金额、收款计划、发票和应付款都不会使用。请逐一与合同核对,必要时更正,然后确认。";
    PriceCheckPo => "PO {po}", "采购单 {po}";
    PriceCheckCopied => "Copied: {price}", "复制的价格:{price}";
    PriceCheckBy => "Written by {name} on device {device}, {time}", "由 {name} 在设备 {device} 上填写,{time}";
    PriceCheckNobody => "a change that names nobody", "未署名的修改";
    ConfirmPrice => "Confirm price", "确认价格";
    TodayPricesToCheck => "Prices to check", "待核对的价格";
    ReportsBooksUnread => "The money of these orders cannot be read on this device: the receivables and the suppliers' payments below leave it out until it is put back (open the order's money).", "以下订单的收付款资料在本机无法读取:恢复之前,下面的应收账款和供应商付款均不包含这些订单(打开订单的收付款页面恢复)。";
    PriceRelabelled => "{what} {price} was set by {by} while {switcher} switched the currency to {currency}, neither knowing of the other: it now reads {currency} {price}, which nobody typed.", "{what} {price} 由 {by} 设置,同时 {switcher} 把币种改为 {currency},双方互不知情:现在显示为 {currency} {price},这不是任何人输入的。";
    PriceRelabelledHelp => "Check the price: confirm it is right in this currency, or type the right price above (Overview).", "请核对价格:确认它在此币种下是正确的,或在上方(概览)输入正确的价格。";
    PriceRelabelledConfirm => "It is right in {currency}", "在 {currency} 下正确";
    PriceCompeting => "{what} was set on two devices at once, to different prices; one shows now. Keep the right one:", "{what} 在两台设备上同时被设为不同的价格,现在只显示其中一个。请保留正确的那个:";
    PriceKeep => "Keep {price} ({by})", "保留 {price}({by})";
    TodayBooksUnread => "Money that cannot be read: put it back", "无法读取的收付款资料:请恢复";
    NeedsDecisionHelp => "This order is in a state its rules do not allow — two devices changed it at the same time, or work ran ahead of its gates. Choose what to do; the choice is logged.", "此订单处于规则不允许的状态——两台设备同时修改了它,或工作走在了关卡之前。请选择处理方式,该决定会被记录。";
    VGateNotMet => "Status reached without its gate:", "未满足关卡即进入此状态:";
    WaiverAsksMore => "Waived before by {who} (“{reason}”) for less than it asks now: decide again.", "{who} 曾放行(“{reason}”),但当时所缺少于现在:请重新决定。";
    WaiverCameBack => "Waived before by {who} (“{reason}”) for goods that have since come back: decide again for this shipping.", "{who} 曾放行(“{reason}”),但那批货后来退回:本次出货请重新决定。";
    WaivedWithoutBooks => "Waived by {who} on a device without this order's money (“{reason}”): not counted where the money is.", "{who} 在没有此订单账目的设备上放行(“{reason}”):有账目处不予计入。";
    VShippedDate => "A shipment has a shipped date but the order has not shipped:", "出货记录有出货日期,但订单尚未出货:";
    VConcurrent => "The status was changed on two devices at once:", "两台设备同时修改了状态:";
    VStatusNotLogged => "The status is not the one last recorded:", "当前状态与最后记录的状态不符:";
    VProductionNotReleased => "Production reported ({pieces} pcs) while the order is {status}, not released to production: move it into production through its gates, or accept it with a reason.", "订单处于{status}、尚未下达生产,却已报告生产({pieces} 件):请经关卡将其转入生产,或填写理由予以接受。";
    VProductionBeyondAccepted => "Production reported ({pieces} pcs) beyond the {accepted} pcs accepted before release, while the order is {status}: move it into production through its gates, or accept the rest with a reason.", "订单处于{status}、尚未下达生产,已报告生产 {pieces} 件,超出此前接受的 {accepted} 件:请经关卡将其转入生产,或填写理由接受其余部分。";
    AcceptEarlyProduction => "Accept the early production and log it", "接受提前生产并记录";
    GateEarlyProduction => "production before release", "下达生产前开工";
    VLeftShipped => "The order had shipped and was moved back without reopening.", "订单已出货,却未经重新打开就退回了之前的状态。";
    DecisionReason => "Reason (logged)", "原因(将被记录)";
    CancelAskTitle => "Cancel this order? It will no longer count in any KPI; say why.", "确定取消此订单?取消后不再计入任何KPI,请填写原因。";
    CancelOrder => "Cancel the order", "取消订单";
    KeepOrder => "Keep it", "保留订单";
    AcceptOverride => "Accept and log the override", "接受并记录越过关卡";
    KeepStatus => "Keep this status", "保留此状态";
    ClearShippedDate => "Clear the shipped date", "清除出货日期";
    VShippedChangedUnlogged => "The shipment that left on {day} was changed on a device that did not know it had left: accept the change with a reason, or correct the shipment", "{day} 出厂的货物在未得知出厂的设备上被修改:请填写原因确认该修改,或更正出货记录";
    AcceptShippedChange => "Accept the change", "确认该修改";
    VQuantitiesCutUnlogged => "The ordered quantity was cut from {from} to {to} pcs after release to production, on a device that did not know of the release, with no reason: accept it with a reason, or correct the order", "订单已下达生产后,数量由 {from} 件减为 {to} 件(修改的设备未得知已下达),未填写原因:请填写原因确认,或更正订单";
    VQuantitiesUnlogged => "The ordered quantity changed from {from} to {to} pcs after goods left, on a device that did not know they had: accept it with a reason, or correct the order", "出货后订单数量由 {from} 件改为 {to} 件(修改的设备未得知已出货):请填写原因确认,或更正订单";
    AcceptQuantities => "Accept the quantities", "确认数量";
    VFactoryUnlogged => "The factory was changed after goods left, on a device that did not know they had: on-time delivery would count for the new factory with no reason logged. Accept it with a reason, or set the factory back", "出货后工厂被更改(修改的设备未得知已出货):准时交货将记在新工厂名下且无原因记录。请填写原因确认,或改回原工厂";
    FactoryUnloggedDetail => "Factory when goods left: {from}; now: {to}", "出货时工厂:{from};现在:{to}";
    AcceptFactory => "Accept the factory", "确认工厂";
    QtyLocked => "Goods of this order have left: its quantities change only with a reason, which is logged.", "此订单已有货物出厂:修改数量须填写原因,原因会被记录。";
    QtyCutLocked => "Released to production: cutting its quantities needs a reason, which is logged (on-time delivery is judged against them).", "已下达生产:减少数量须填写原因,原因会被记录(准时交货按订单数量评定)。";
    QtyCutNeedsReason => "Released to production: give the reason for cutting its quantities first; it is logged.", "已下达生产:请先填写减少数量的原因,该原因会被记录。";
    QtyReason => "Reason for changing the quantities (logged)", "修改数量的原因(将被记录)";
    QtyNeedsReason => "Goods of this order have left: give the reason for changing its quantities first; it is logged.", "此订单已有货物出厂:请先填写修改数量的原因,该原因会被记录。";
    EvPaidWithoutRequest => "Supplier paid {amount} with no approved request, while payments needed one (since {day})", "已付供应商 {amount},但无已批准的付款申请(自 {day} 起付款须经审批)";
    EvMarkedComplete => "Marked fully shipped at {qty} pcs", "已标记全部出货({qty} 件)";
    EvQtyRevised => "Ordered quantity changed from {from} to {to} pcs after release", "下达生产后订单数量由 {from} 件改为 {to} 件";
    EvQtyAccepted => "Ordered quantity of {to} pcs, changed where nobody knew goods had left, accepted", "在未得知已出货的设备上改为 {to} 件的订单数量已确认";
    Reopen => "Reopen (correction)", "重新打开(更正)";
    ReopenHelp => "After shipping the order only moves forward. To correct a mistake, reopen it one step back with a reason; stepping back from shipped clears the shipped dates.", "出货后订单只能向前推进。如需更正,请填写原因并退回一步;从已出货退回会清除出货日期。";
    ErrReasonRequired => "Give a reason; it is logged.", "请填写原因,该原因会被记录。";
    ErrNotReopenable => "Only a shipped order can be reopened.", "只有已出货的订单才能重新打开。";
    ErrShipDateNotReady => "A shipped date ships the order: move it to ready to ship first.", "填写出货日期即表示出货:请先将订单改为待出货。";
    HeldFrom => "Returns only to:", "只能恢复为:";
    StatusHistory => "Status history", "状态记录";
    ChangeReopen => "reopened", "重新打开";
    ChangeDecision => "decision", "决定";

    // Issue 10, part 3: money rules.
    PayableCredit => "Credit (rejected after invoicing)", "扣款(对账后退货)";
    PayableDebit => "Charged back for a complaint", "客诉扣款";
    PoOverDelivered => "Accepted beyond tolerance, not paid", "超出溢装范围,不予付款";
    PoCreditBalance => "Supplier owes back", "供应商应退";
    ErrNotAfterPlanned => "must be later than the planned date", "必须晚于计划日期";
    CorrectiveAction => "Corrective action taken by the factory", "工厂已采取的纠正措施";
    RecordCorrectiveAction => "Record corrective action", "记录纠正措施";
    PoTolerance => "Over-delivery tolerance (%)", "溢装允差(%)";
    NewExFactory => "New ex-factory date", "新出厂日期";
    ReplanMilestones => "Re-plan the open milestones that depend on it", "重新安排相关的未完成节点";
    ChangeExFactory => "Change ex-factory date", "更改出厂日期";
    ExFactoryChangeReason => "Reason for the change", "更改原因";
    ConfirmedExFactory => "Ex-factory date first confirmed (on-time is measured against it)", "最初确认的出厂日期(准时交货以此为准)";
    PaymentAmount => "Amount paid", "付款金额";
    ExchangeRate => "Exchange rate used (optional)", "所用汇率(可选)";
    RecordPayment => "Record payment", "登记付款";

    // Issue 12: every refusal of a domain rule is worded here, none in the domain.
    ErrNotAHash => "Not a photo reference (64 hex digits)", "不是有效的照片引用(应为 64 位十六进制数)";
    ErrUnknownCode => "Not known to this version of the app", "此版本的应用无法识别";
    ErrDecimalComma => "Write decimals with a point, e.g. 2.5", "小数请用小数点,如 2.5";
    ErrNotStandardAql => "Not a standard AQL such as 0.65, 1.0, 2.5 or 4.0", "不是标准 AQL 值(如 0.65、1.0、2.5、4.0)";
    ErrAmbiguous => "Could be {thousands} or {decimal}: type it without the comma, or with a decimal point", "可能是 {thousands} 或 {decimal}:请去掉逗号,或改用小数点";
    ErrZeroWithoutSample => "0 (no defect accepted) needs a major or minor AQL to take the sample size from", "0(不允许任何疵点)需同时填写严重或轻微疵点的 AQL,以确定抽样数量";
    ErrNotFound => "This record is not in the document (it may have been removed on another device).", "文档中没有这条记录(可能已在其他设备上删除)。";
    ErrNotAFailedInspection => "A re-inspection must follow a failed inspection.", "复检只能针对不合格的验货。";
    ErrDocument => "The document could not be read or saved.", "无法读取或保存该文档。";

    // Issue 13: the daily report, the order history and Today's risks in words.
    EvNoDate => "no date", "未定日期";
    EvNoPrice => "none", "无";
    EvOrderCreated => "Order created, {qty} pcs", "新建订单, {qty} 件";
    EvStatusMoved => "Status moved from {from} to {to}", "状态由{from}改为{to}";
    EvOrderCancelled => "Order cancelled (it was {from}); it no longer counts in the KPIs", "订单已取消(原为{from}),不再计入KPI";
    EvExFactoryChanged => "Ex-factory date moved from {from} to {to}", "出厂日期由 {from} 改为 {to}";
    EvQtyChanged => "Quantity changed from {from} to {to} pcs", "数量由 {from} 件改为 {to} 件";
    EvSampleSent => "{kind} round {round} sent", "{kind}第{round}轮已寄出";
    EvSampleApproved => "{kind} round {round} approved", "{kind}第{round}轮已批准";
    EvSampleRejected => "{kind} round {round} rejected", "{kind}第{round}轮被拒";
    EvSampleResubmit => "{kind} round {round}: buyer asks to resubmit", "{kind}第{round}轮需重新提交";
    EvSampleReplied => "{kind} round {round}: buyer replied", "{kind}第{round}轮客户已回复";
    EvMilestoneDone => "{name} done on {day}", "{name}已完成({day})";
    EvMilestoneMoved => "{name} moved from {from} to {to}", "{name}由 {from} 改至 {to}";
    EvPoPlaced => "Purchase order {po} placed", "采购订单 {po} 已下达";
    EvPoConfirmed => "Purchase order {po} confirmed by the supplier", "采购订单 {po} 供应商已确认";
    EvPoDelivered => "{qty} {unit} delivered against purchase order {po}", "采购订单 {po} 到货 {qty} {unit}";
    EvSupplierChased => "Supplier chased on purchase order {po}: {note}", "采购订单 {po} 已催货:{note}";
    EvSupplierChasedPromised => "Supplier chased on purchase order {po}: {note} (promised {day})", "采购订单 {po} 已催货:{note}(承诺 {day} 交货)";
    EvContacted => "{channel} with {whom}: {summary}", "{channel}联系{whom}:{summary}";
    EvContactedNoOne => "{channel}: {summary}", "{channel}记录:{summary}";
    EvProduction => "{stage}: {qty} pcs reported", "{stage}上报 {qty} 件";
    EvProductionWithdrawn => "{stage}: production reported taken away, {from} → {to} pcs", "{stage}已报产量被减少:{from} → {to} 件";
    EvInspScheduled => "{kind} inspection scheduled for {day}", "{kind}已安排({day})";
    EvReinspScheduled => "Rework arranged, re-inspection on {day}", "已安排返工, 复检日期 {day}";
    EvReinspToFollow => "Rework arranged, re-inspection to follow", "已安排返工, 待复检";
    EvInspOpened => "{kind} inspection started", "{kind}已开始";
    EvInspPassed => "{kind} inspection passed", "{kind}合格";
    EvInspFailed => "{kind} inspection failed", "{kind}不合格";
    EvInspFinished => "{kind} inspection finished, sampling plan incomplete", "{kind}已完成, 抽样方案不完整";
    EvShipped => "Goods shipped on {day}", "已于 {day} 出货";
    EvShipmentBooked => "Shipment recorded", "已登记出货";
    EvShipmentArrived => "Shipment arrived at the buyer {day}", "货物已于 {day} 到达客户";
    ArrivalTitle => "Arrival at the buyer", "到货确认";
    ArrivedOn => "Arrived on", "到货日期";
    ArrivalNote => "What the buyer said (damage, shortage)", "客户反馈(破损、短少)";
    RecordArrival => "Record arrival", "记录到货";
    ArrivedRow => "Arrived {day} · recorded by {who}", "{day} 到货 · {who} 记录";
    ShipArrivedOn => "arrived {day}", "{day} 到货";
    BuArrived => "arrived {day}", "已于 {day} 到货";
    ErrNotLeftYet => "The shipment has not left yet: date its departure first", "此批货尚未出运:请先填写出运日期";
    ErrBeforeLeft => "Before the day the goods left", "早于出运日期";
    ErrBeforeReported => "Before the day it happened", "早于异常发生日期";
    IncidentsTitle => "Transit incidents and claims", "运输异常与索赔";
    IncidentDay => "Day it happened", "发生日期";
    IncidentNote => "What happened", "异常情况";
    IncidentPieces => "Pieces affected", "涉及件数";
    IncidentClaim => "Claim with (carrier, forwarder, insurer) and its reference", "索赔对象(船公司、货代、保险)及编号";
    IncidentKindLabel => "Kind", "类型";
    IncidentDelay => "Delay", "延误";
    IncidentDamage => "Damage", "破损";
    IncidentShortage => "Shortage", "短少";
    IncidentLoss => "Loss", "丢失";
    IncidentReport => "Report the incident", "登记异常";
    IncidentRow => "{kind} {day}: {note}", "{day} 发生{kind}:{note}";
    IncidentRowPieces => "{kind} {day}, {pieces} pcs: {note}", "{day} {kind} {pieces} 件:{note}";
    IncidentClaimRow => "Claim: {claim}", "索赔:{claim}";
    IncidentSettlement => "How it was settled", "处理结果";
    IncidentSettle => "Settle", "结案";
    IncidentSettledRow => "Settled {day} by {who}: {note}", "{day} 由 {who} 结案:{note}";
    TodayIncidents => "Transit incidents open", "未结运输异常";
    TodayQuotes => "Quotes awaiting the buyer's answer", "待客户回复的报价";
    TodayQuoteRow => "Quote round {round}: {amount}", "第 {round} 轮报价:{amount}";
    TodayClaims => "Claim money still to come back", "索赔款待收回";
    TodayClaimRow => "{amount} still to come back", "待收回 {amount}";
    EvIncidentReported => "Shipment {kind} reported: {note}", "登记运输{kind}:{note}";
    EvIncidentSettled => "Shipment {kind} settled: {note}", "运输{kind}结案:{note}";
    EvComplaintOpened => "Complaint received ({severity})", "收到投诉({severity})";
    EvComplaintClosed => "Complaint closed", "投诉已结案";
    EvGoodsReturned => "{qty} defective pcs sent back by the buyer: {what}", "客户退回不良品 {qty} 件:{what}";
    EvGoodsResent => "{qty} pcs sent to the buyer again", "已向客户重发 {qty} 件";
    EvDepositReceived => "Deposit {amount} received", "订金 {amount} 到账";
    EvBalanceReceived => "Balance {amount} received", "余款 {amount} 到账";
    EvPaymentReceived => "Payment {amount} received", "货款 {amount} 到账";
    EvPaymentRecorded => "Payment {amount} recorded, awaiting finance", "登记收款 {amount}, 待财务确认";
    EvSupplierPaid => "Supplier paid {amount}", "已付供应商 {amount}";
    EvPriceChanged => "Unit price changed from {from} to {to}", "单价由 {from} 改为 {to}";
    EvPriceSet => "Unit price {to}", "单价 {to}";
    EvTeamSettings => "Team settings changed", "团队设置已更改";
    EvOtherOne => "1 other change", "另有 1 处其他修改";
    EvOtherMany => "{count} other changes", "另有 {count} 处其他修改";
    EvNothingVisible => "No visible change", "无可见变化";
    // The exceptions: said with who and why, first in the daily report.
    EvBy => "(by {who}: {why})", "(经办: {who}, 原因: {why})";
    EvByWho => "(by {who})", "(经办: {who})";
    EvSaid => "({said})", "(说明: {said})";
    EvGateWaived => "Waived: {gate}, moved to {to}", "放行: {gate}, 转为{to}";
    EvFactoryMoved => "Factory moved from {from} to {to}", "工厂由 {from} 改为 {to}";
    EvNoFactory => "no factory", "无工厂";
    EvAllowanceWidened => "Shipment allowance widened to {short} % short, {over} % over", "出货允差放宽至短装 {short}%、溢装 {over}%";
    DeliveryEnteredLate => "Entered on {day} by {who}, after the PO's due day: {why}", "{who} 于 {day} 才录入(已过采购单交期):{why}";
    PaymentEnteredLate => "Payment {amount} dated {date}, entered on {day} by {who}, after its due day: {why}", "付款 {amount}(日期 {date})由 {who} 于 {day} 才录入(已过付款期限):{why}";
    LateEntryReasonShip => "Reason for entering after the ex-factory date (kept and reported)", "出厂日期之后补录的原因(会被记录并上报)";
    LateEntryReason => "Reason for entering after the due day (kept and reported)", "交期后补录原因(会被记录并上报)";
    EvShipmentEnteredLate => "Shipment dated {date}, by the ex-factory date, entered only on {recorded}", "出货日期为 {date}(未过出厂日期),但到 {recorded} 才录入";
    ShipmentEnteredLate => "Shipped date entered on {day} by {who}, after the ex-factory date: {why}", "{who} 于 {day} 才录入出货日期(已过出厂日期):{why}";
    EvInspReopened => "{kind} inspection reopened to change its figures", "{kind}被重新打开以修改数据";
    EvDeliveryEnteredLate => "Delivery of purchase order {po} dated {date}, by its due day, entered only on {recorded}", "采购订单 {po} 的到货日期为 {date}(未过交期),但到 {recorded} 才录入";
    EvPaymentEnteredLate => "Supplier payment {amount} dated {date}, by its due day, entered only on {recorded}", "供应商付款 {amount} 的日期为 {date}(未过付款期限),但到 {recorded} 才录入";
    EvIncomingChanged => "Incoming inspection of purchase order {po} changed from {from} to {to}", "采购订单 {po} 来料检验结果由{from}改为{to}";
    EvShippedChanged => "Shipment changed after it left: {what}", "已出厂的货物被修改: {what}";
    EvShippedDiffers => "A shipment that left was changed on a device that did not know it had left: to be checked", "已出厂的货物在未得知出厂的设备上被修改, 待核对";
    EvDepositTerms => "Deposit share changed from {from} to {to}", "订金比例由 {from} 改为 {to}";
    EvReceiptVoided => "Receipt {amount} voided", "收款 {amount} 已作废";
    EvReceiptSeparate => "Receipt {amount} counted as money of its own", "收款 {amount} 确认为另一笔款项";
    EvChargeRaised => "{kind} charge {amount} raised", "新增费用: {kind} {amount}";
    EvChargeVoided => "Charge {amount} voided", "费用 {amount} 已作废";
    EvChargeSeparate => "Charge {amount} counted as a charge of its own", "费用 {amount} 确认为另一笔费用";
    EvRuleChanged => "Rule “{rule}” changed from {from} to {to}", "规则「{rule}」由{from}改为{to}";
    DailyExceptions => "Exceptions", "例外事项";
    DailyBy => "By {names}", "经手: {names}";
    DailyCopy => "Copy as text", "复制为文字";
    DailyWithoutMoney => "Without money or exceptions (for factories)", "不含金额和例外事项(发给工厂)";
    DailyForFactory => "For the chat of factory", "发给工厂";
    DailyMovedLeftOut => "Left out: {orders} moved factory today, and part of the day was the other factory's. Send their news by hand.", "未包含:{orders} 今天更换了工厂,当天部分内容属于另一工厂,请另行告知。";
    DailyCopied => "Copied — paste it into a message", "已复制, 可粘贴到消息中";
    DailyCopyManual => "Select the text below and copy it", "请选中下方文字并复制";
    RiskXfPassedOn => "Ex-factory date passed: {day}", "出厂日期已过: {day}";
    RiskSewingOf => "Sewing behind plan: {done} of {expected} pcs", "车缝进度落后: {done}/{expected} 件";
    RiskLateOne => "{name} late (due {day})", "{name}已逾期(应于 {day})";
    RiskLateMore => "{name} late (due {day}) and {more} more", "{name}已逾期(应于 {day}), 另有 {more} 个节点逾期";
    RiskFinalBy => "Final inspection not passed, ex-factory {day}", "尾期验货未通过, 出厂日期 {day}";
    RiskDelayedOne => "{name} delayed to {day}, after ex-factory", "{name}延至 {day}, 晚于出厂日期";
    RiskDelayedMore => "{name} delayed to {day}, after ex-factory, and {more} more", "{name}延至 {day}, 晚于出厂日期, 另有 {more} 个节点";
    RiskMoreReasons => "+{count} more", "另有 {count} 项";
    // Issue 13: the save state is always true.
    NotSavedYet => "Not saved yet", "尚未保存";
    DraftUnsaved => "You have changes that are not saved yet.", "有尚未保存的修改。";
    DraftKept => "Changes kept from before, not saved yet.", "之前的修改已保留,尚未保存。";
    DiscardDraft => "Discard changes", "放弃修改";
    DiscardDraftAsk => "Discard the changes that are not saved?", "放弃尚未保存的修改?";

    // Issue 13: work that connects — a milestone completed by the record it stands for.
    TplLink => "Done when", "完成条件";
    LinkNone => "Ticked by hand", "手动标记";
    LinkLabDip => "Lab dip approved", "色咭批准";
    LinkFabricBooking => "Every fabric PO confirmed", "所有面料采购单已确认";
    LinkFitSample => "Fit sample approved", "试身样批准";
    LinkPpSample => "PP sample approved", "产前样批准";
    LinkBulkFabric => "All fabric delivered", "面料全部到厂";
    LinkCutting => "First cutting reported", "首次报告裁剪";
    LinkSewing => "First sewing reported", "首次报告车缝";
    LinkInlineQc => "Inline inspection passed", "中期验货合格";
    LinkFinalQc => "Final inspection passed", "尾期验货合格";
    LinkExFactory => "First shipment left", "首批出货";
    LinkEtd => "Shipped goods' ETD", "已出货的开船日";
    LinkPaymentDue => "Ticked by hand (payment)", "手动标记(收款)";
    MilestoneOutOfOrder => "{milestone} is due {due}, before {depends} ({depends_due}), which it follows.", "{milestone} 计划于 {due},却早于其前置节点 {depends}({depends_due})。";
    MilestoneAutoDone => "Done by the record it stands for", "由对应记录自动完成";
    // The built-in template's milestone names, one language at a time.
    MsLabDip => "Lab dip approval", "色咭确认";
    MsFabricBooking => "Fabric booking", "订布";
    MsFitSample => "Fit sample approval", "试身样确认";
    MsPpSample => "PP sample approval", "产前样确认";
    MsBulkFabric => "Bulk fabric in-house", "大货布到厂";
    MsCutting => "Cutting start", "开裁";
    MsSewing => "Sewing start", "车缝";
    MsInlineQc => "Inline inspection", "中期验货";
    MsFinalQc => "Final inspection", "尾期验货";
    MsExFactory => "Ex-factory", "出厂";
    MsEtd => "ETD", "开船";
    MsPaymentDue => "Balance payment due", "余款到期";
    // Issue 13: locked inspections, re-inspection note, production corrections, packing ask.
    FiguresLocked => "Finished: the figures are locked. To change them, reopen it with a reason.", "已完成:数据已锁定。如需更改,请填写原因后重新打开。";
    ReopenReason => "Why reopen (required)", "重新打开的原因(必填)";
    ProductionReason => "Why take these pieces away (logged, said in the daily report)", "减少已报产量的原因(将被记录,并写入日报)";
    InspFinishedBy => "Finished by {who} · {when}", "{who} 完成 · {when}";
    InspReopenedBy => "Reopened by {who} · {when} · {reason}", "{who} 重新打开 · {when} · {reason}";
    FinishedInspectionField => "Finished inspection", "已完成的验货";
    ErrFinished => "locked — reopen it with a reason to change its figures", "已锁定 — 需填写原因重新打开后才能更改数据";
    ErrChangedAfterFinish => "needs a decision: its figures were changed on another device after it was finished. Reopen it, check and finish again.", "需要决定:完成后其数据在另一台设备上被更改。请重新打开、核对后再完成。";
    ErrOverShipment => "packed would be {packed} pcs, more than the {ordered} pcs ordered plus the allowance ({allowed} pcs)", "装箱将达 {packed} 件,超过订单 {ordered} 件加允差({allowed} 件)";
    ErrRemoved => "this report was removed", "此报告已删除";
    ErrOverShipmentColour => "{colour}: packed would be {packed} pcs, more than the {ordered} pcs ordered of it plus the allowance ({allowed} pcs)", "{colour}:装箱将达 {packed} 件,超过该色订单 {ordered} 件加允差({allowed} 件)";
    OverShipAskColour => "{colour}: packed would be {packed} pcs, more than the {ordered} pcs ordered of it plus the over-shipment allowance ({allowed} pcs). Record it anyway?", "{colour}:装箱将达 {packed} 件,超过该色订单 {ordered} 件加溢装允差({allowed} 件)。仍要记录吗?";
    OverShipAsk => "Packed would be {packed} pcs: more than the {ordered} pcs ordered plus the over-shipment allowance ({allowed} pcs). Record it anyway?", "装箱将达 {packed} 件:超过订单 {ordered} 件加溢装允差({allowed} 件)。仍要记录吗?";
    PackAnyway => "Yes, record it", "确定记录";
    CorrectReport => "Correct", "更正";
    SaveCorrection => "Save correction", "保存更正";
    RemoveReport => "Remove", "删除";
    ConfirmRemoveReport => "Remove this report?", "删除此报告?";
    ReportCorrectedBy => "Corrected by {who} · {when}: {from} → {to}", "{who} 更正 · {when}:{from} → {to}";
    ReportRemovedBy => "Removed by {who} · {when}", "{who} 删除 · {when}";
    ReportRemovedTag => "removed", "已删除";
    // ---- parties and people: editing, in use, pickers, first start (issue 13) ----
    CustomerName => "Customer name", "客户名称";
    RemovedParty => "(removed party)", "(已删除的单位)";
    EditItem => "Edit", "编辑";
    EditParty => "Edit party", "编辑往来单位";
    EditPerson => "Edit person", "编辑人员";
    PartyNotInList => "Not in the list — type the name", "不在列表中 — 手动输入名称";
    AddNewParty => "+ Add a new one…", "+ 新增…";
    NewPartyName => "New party's name", "新单位名称";
    InUseBy => "Used by {n} orders: {pos}. Remove anyway? Those orders keep the name.", "有 {n} 张订单在用:{pos}。仍要删除吗?这些订单会保留名称。";
    InUseByOne => "Used by order {pos}. Remove anyway? The order keeps the name.", "订单 {pos} 在用。仍要删除吗?该订单会保留名称。";
    RemoveAnyway => "Remove anyway", "仍然删除";
    CheckingUse => "Checking which orders use it…", "正在检查哪些订单在用…";
    FirstRunTitle => "Welcome — what is your name?", "欢迎 — 请问您的姓名?";
    FirstRunHelp => "Your name is recorded with each change you make, so the team knows who did what. You can change it later in Settings.", "您的姓名会随每次修改记录,方便团队了解谁做了什么。之后可在“设置”中修改。";
    FirstRunStart => "Start", "开始";
    NameRequired => "A name is needed: it is written on every change.", "需要填写姓名:每次修改都会记录。";
    // Compact lists and documents on a phone (issue 13).
    ScrollSideways => "Scroll sideways to see the whole table →", "左右滑动查看完整表格 →";
    DelaySlipDays => "+{n} days", "推迟 {n} 天";
    DelaySlipOne => "+1 day", "推迟 1 天";
    TplWhen => "{anchor} {offset} days", "{anchor} {offset} 天";
    TplWhenOne => "{anchor} {offset} day", "{anchor} {offset} 天";
    OpenOrderPo => "Open order {po}", "打开订单 {po}";
    // ---- the language walk (issue 13): counts said with their noun, built-in names, devices ----
    AnotherDevice => "another device", "另一台设备";
    TplStandard => "Standard garment, 90 days", "标准服装(90 天)";
    CountOrdersOne => "{n} order", "{n} 张订单";
    CountOrdersMany => "{n} orders", "{n} 张订单";
    CheckedOrdersOne => "Checked {n} order", "已检查 {n} 张订单";
    CheckedOrdersMany => "Checked {n} orders", "已检查 {n} 张订单";
    CountMoreOne => "+{n} more", "另有 {n} 条未显示";
    CountMoreMany => "+{n} more", "另有 {n} 条未显示";
    PhotosWaitingOne => "{n} photo waiting to upload", "{n} 张照片待上传";
    PhotosWaitingMany => "{n} photos waiting to upload", "{n} 张照片待上传";
    RelayFull => "The relay has no room left for this workspace's files: they stay on this device until whoever runs the relay makes room", "中转服务器已没有空间存放本工作区的文件:文件保留在本设备上,直到服务器管理员腾出空间";
    RelayFullLink => "The relay keeps no more files from this phone's link (the rest of the room is kept for the office): they stay on this phone until the office makes room; send the most needed another way meanwhile", "中转服务器不再接收本手机链接上传的文件(其余空间留给办公室):文件保留在本手机上,直到办公室腾出空间;急需的文件请先通过其他方式发送";
    RelayFullShort => "relay full", "服务器已满";
    SyncNoRoom => "Relay full: changes stay on this device", "服务器已满:更改保留在本设备上";
    SyncRefused => "The relay does not accept this device's token (a stopped link, a revoked or mistyped token): changes stay here. Ask the office for a new link.", "中继服务器不接受本设备的令牌(链接已停用、令牌已吊销或输错):更改保留在本设备上。请向办公室索取新链接。";
    RelayNoRoomDocs => "The relay has no room left for this workspace's changes: they stay on this device, and go once whoever runs the relay makes room", "中转服务器已没有空间存放本工作区的更改:更改保留在本设备上,服务器管理员腾出空间后再同步";
    PendingWritesOne => "{n} change waiting to be saved", "{n} 项修改等待保存";
    PendingWritesMany => "{n} changes waiting to be saved", "{n} 项修改等待保存";
    SyncDocsOne => "{n} document", "{n} 份文档";
    SyncDocsMany => "{n} documents", "{n} 份文档";
    // ---- names that follow a rename, removal questions in the matrix, shipment allowances (issue 13) ----
    RemoveColourAsk => "Remove colour {name} and its {n} pcs?", "删除颜色 {name} 及其 {n} 件?";
    RemoveColourAskOne => "Remove colour {name} and its 1 pc?", "删除颜色 {name} 及其 1 件?";
    RemoveSizeAsk => "Remove size {name} and its {n} pcs?", "删除尺码 {name} 及其 {n} 件?";
    RemoveSizeAskOne => "Remove size {name} and its 1 pc?", "删除尺码 {name} 及其 1 件?";
    ShipAllowances => "Shipment allowances", "出货允差";
    ShipAllowancesHelp => "As a percentage of the order, e.g. 5 or 2.5. Packing beyond the order plus the over-shipment allowance asks first.", "按订单数量的百分比,如 5 或 2.5。装箱超过订单加溢装允差时会先询问。";
    OverShipAllowance => "Over-shipment allowance (%)", "溢装允差(%)";
    ShortShipAllowance => "Short-shipment allowance (%)", "短装允差(%)";
    ErrAllowanceRange => "Enter a percentage from 0 to 50 with at most one decimal, e.g. 5 or 2.5", "请输入 0 至 50 之间的百分比,最多一位小数,如 5 或 2.5";
    // ---- issue 14: shipments by colour × size, cartons, allowance, balance ----
    CartonFrom => "First carton no.", "起始箱号";
    CartonTo => "Last carton no.", "结束箱号";
    PerCarton => "Pieces per carton by colour and size", "每箱颜色尺码数量";
    PiecesPerCarton => "Pieces per carton", "每箱件数";
    CartonLength => "Length (cm)", "长(cm)";
    CartonWidth => "Width (cm)", "宽(cm)";
    CartonHeight => "Height (cm)", "高(cm)";
    NetKgCarton => "Net kg per carton", "每箱净重(kg)";
    GrossKgCarton => "Gross kg per carton", "每箱毛重(kg)";
    ShippedQty => "Shipped quantity", "出货数量";
    ShortAllowance => "Short allowance (%)", "短装允许(%)";
    OverAllowance => "Over allowance (%)", "溢装允许(%)";
    ErrBeforeFrom => "Before the first carton number", "早于起始箱号";
    ErrSolidMixed => "A solid carton holds one colour and one size", "单色单码箱只能装一个颜色一个尺码";
    ErrGrossBelowNet => "Gross weight is less than net weight", "毛重小于净重";
    ErrRatioNotDividing => "{pieces} pieces do not divide into {parts} ratio parts", "{pieces} 件不能按 {parts} 份配比均分";
    ErrOutsideTolerance => "{shipped} pcs shipped, outside the allowance {min}–{max}: give a reason", "已出 {shipped} 件,超出允许范围 {min}–{max}:请填写原因";
    CartonLinesTitle => "Cartons", "装箱明细";
    AddCartonLine => "Add cartons", "添加装箱";
    SaveCartonLine => "Save cartons", "保存装箱";
    CancelEdit => "Cancel", "取消";
    PackKindLabel => "Packing", "装箱方式";
    PackSolid => "Solid colour and size", "单色单码";
    PackRatio => "Ratio", "混码配比";
    CartonRange => "Cartons {from}–{to}", "箱号 {from}–{to}";
    CartonSize => "{l} × {w} × {h} cm", "{l} × {w} × {h} 厘米";
    CartonOverlap => "Carton numbers used twice: {a} and {b}", "箱号重复:{a} 与 {b}";
    ShipTotalsDerived => "Totals, from the cartons", "合计(按装箱明细计算)";
    ShipTotalsEntered => "Totals, pieces as entered", "合计(按录入数量)";
    ShipTotalsLegacy => "Totals as typed before carton lines (legacy)", "合计(旧记录,手工录入)";
    ShipMatrixTitle => "This shipment by colour and size", "本批颜色尺码数量";
    EnteredQtyTitle => "Pieces by colour and size (until cartons are added)", "颜色尺码数量(添加装箱前)";
    SaveShipQty => "Save quantities", "保存数量";
    ShipBalanceTitle => "Ordered / shipped / balance", "订单 / 已出 / 未出";
    OrderedQty => "Ordered", "订单";
    ShippedQtyShort => "Shipped", "已出";
    BalanceQty => "Balance", "未出";
    PartialShipments => "Shipments", "分批出货";
    ShipmentNo => "Shipment {n}", "第 {n} 批";
    NotShippedYet => "not left yet", "尚未出厂";
    UnallocatedPcs => "{n} pcs from shipments without colour and size", "{n} 件来自未分颜色尺码的出货";
    ToleranceTitle => "Shipment allowance", "溢短装";
    ToleranceDefault => "Workspace default: −{short} % / +{over} %", "团队默认:短装 {short}% / 溢装 {over}%";
    ToleranceOwn => "This order: −{short} % / +{over} %", "本订单:短装 {short}% / 溢装 {over}%";
    SaveTolerance => "Save allowance", "保存溢短装";
    UseDefaultTolerance => "Use the workspace default", "使用团队默认";
    ToleranceRange => "Complete between {min} and {max} pcs", "出货 {min}–{max} 件即为完成";
    MarkShipComplete => "Mark fully shipped", "标记出货完成";
    ShipOverrideReason => "Reason to ship with a gate closed (logged)", "关卡未满足时出货的理由(将被记录)";
    ShipCompleteReason => "Reason (needed outside the allowance)", "原因(超出允许范围时必填)";
    ShipCompleteBy => "Fully shipped · {who}", "出货完成 · {who}";
    DocShipmentPick => "Shipment", "出货批次";
    DocNoShipment => "No shipment yet: add one on the order's shipment section.", "还没有出货批次:请在订单的出货部分添加。";
    KpiFirstShipOnTime => "First shipment on time", "首批准时出货率";
    // ---- the inspection report (issue 17) ----
    ComplaintsTitle => "Complaints", "客诉台帐";
    ComplaintsHelp => "Every complaint across the orders, open ones first", "所有订单的客户投诉,未结的在前";
    ComplaintsCount => "{open} open, {done} resolved or closed", "未结 {open} 宗,已解决或已结 {done} 宗";
    ComplaintsShowAll => "Show resolved and closed ones too", "同时显示已解决和已结的";
    ComplaintsNone => "No open complaints.", "没有未结投诉。";
    ComplaintOpenedOn => "opened {day}", "{day} 立案";
    ComplaintClosedOn => "closed {day}", "{day} 结案";
    ComplaintDefectivePcs => "{qty} pcs defective", "不良 {qty} 件";
    ComplaintReturnedPcs => "{qty} pcs sent back", "退回 {qty} 件";
    ComplaintToResendPcs => "{qty} pcs to send again", "待重发 {qty} 件";
    ComplaintOwnedBy => "handled by {who}", "负责人 {who}";
    PoSheetTitle => "Purchase Order", "采购订单";
    PoSheetPrint => "Print the PO", "打印采购单";
    PoSheetStyle => "Our style", "我方款号";
    PoSheetDeliverTo => "Deliver to", "送货至";
    PoSheetDue => "Delivery date", "交货日期";
    PoSheetTolerance => "Quantity tolerance", "数量允差";
    PoSheetSpec => "Specification", "规格";
    PoSheetCancelled => "CANCELLED: not to be made or delivered", "已取消:请勿生产或送货";
    PoSheetNoPrice => "Price as agreed", "价格按约定";
    PoSheetNotFound => "This purchase order is not on the order any more.", "订单中已没有这张采购单。";
    ProductionSheet => "Production Sheet", "生产制单";
    PsQuantities => "Quantities by colour and size", "颜色尺码数量";
    PsAllowance => "Shipment allowance", "出货允差";
    PsMaterials => "Materials", "物料";
    PsInHouse => "In house", "已到";
    PsSamples => "Samples and buyer's comments", "样品及客户意见";
    PsNoComments => "no comments", "无意见";
    PsInspection => "Final inspection standard", "尾期检验标准";
    BuTitle => "Progress for the buyer", "客户进度报告";
    BuHelp => "What you can send the buyer today: no factory, supplier, cost or internal reason is in it. Read it before you send it.", "可发给客户的今日进度:不含工厂、供应商、成本或内部原因。发送前请先核对。";
    BuCopied => "The progress text was copied", "进度文字已复制";
    BuHeading => "{order}: progress as of {day}", "{order}:截至 {day} 的进度";
    BuStatus => "Status: {status}", "状态:{status}";
    BuQuantity => "Quantity: {qty} pcs", "数量:{qty} 件";
    BuExFactory => "Ex-factory: {day}", "出厂日期:{day}";
    BuExFactoryMoved => "Ex-factory: {day} (first agreed {first})", "出厂日期:{day}(原定 {first})";
    BuExFactoryNone => "Ex-factory: to be confirmed", "出厂日期:待确认";
    BuSamples => "Samples", "样品";
    BuSampleApproved => "{kind} approved {day}", "{kind} 已于 {day} 确认";
    BuSampleApprovedUndated => "{kind} approved", "{kind} 已确认";
    BuSampleSent => "{kind} round {round} sent {day}, awaiting your comments", "{kind} 第 {round} 次已于 {day} 寄出,等待您的意见";
    BuSampleSentUndated => "{kind} round {round} sent, awaiting your comments", "{kind} 第 {round} 次已寄出,等待您的意见";
    BuSampleNextRound => "{kind}: round {round} being made", "{kind}:正在制作第 {round} 次";
    BuSamplePreparing => "{kind} round {round} in preparation", "{kind} 第 {round} 次准备中";
    BuProduction => "Production", "生产";
    BuStage => "{stage} {qty} pcs ({pct})", "{stage} {qty} 件({pct})";
    BuFinalPassed => "Final inspection passed {day}", "尾期检验已于 {day} 通过";
    BuFinalPassedUndated => "Final inspection passed", "尾期检验已通过";
    BuShipment => "Shipment {n}", "第 {n} 批";
    BuContainer => "container {no}", "柜号 {no}";
    BuTransportDoc => "B/L or AWB {no}", "提单/空运单 {no}";
    BuEtd => "ETD {day}", "预计开船 {day}";
    BuEta => "ETA {day}", "预计到港 {day}";
    BuLeft => "left {day}", "已于 {day} 出运";
    BuPieces => "{qty} pcs", "{qty} 件";
    BuShipped => "Shipped {shipped} of {ordered} pcs", "已出运 {shipped} / {ordered} 件";
    QrTitle => "Inspection report", "验货报告";
    QrOpen => "Inspection report: print or share", "验货报告:打印或分享";
    QrBack => "Back to the inspection", "返回验货";
    QrPrint => "Print or save as PDF", "打印或存为 PDF";
    QrShare => "Share as text", "以文字分享";
    QrShared => "Shared", "已分享";
    QrCopied => "The report's text was copied", "报告文字已复制";
    QrCopyManual => "Sharing is not available here. Copy the text below:", "此处无法直接分享,请复制下面的文字:";
    QrInspector => "Inspector", "验货员";
    QrInspectedOn => "Inspected on", "验货日期";
    QrScheduled => "Scheduled for", "计划日期";
    QrNotInspected => "not finished yet", "尚未完成";
    QrCodeLetter => "Code letter (ISO 2859-1 Table I)", "样本量字码(ISO 2859-1 表 I)";
    QrSampleSize => "Sample size (pcs)", "样本量(件)";
    QrFullInspection => "100 % inspection: the sample reaches the lot size", "全数检验:样本量达到批量";
    QrResult => "Result", "结论";
    QrClassCol => "Defect class", "缺陷类别";
    QrAqlCol => "AQL value", "AQL 值";
    QrPlanLetterCol => "Plan letter", "方案字码";
    QrFoundCol => "Found", "发现数";
    QrAcCol => "Accept (Ac)", "接收数";
    QrReCol => "Reject (Re)", "拒收数";
    QrClassOk => "within limit", "未超限";
    QrClassRejects => "rejects the lot", "判退";
    QrDefectCol => "Defect", "疵点";
    QrCountCol => "Count", "数量";
    QrNoteCol => "Note", "备注";
    QrTotalDefects => "Total defects", "疵点合计";
    QrNoDefects => "No defects found.", "未发现疵点。";
    QrMeasuredCol => "Measured (cm)", "实测值(cm)";
    QrOutCol => "Out of tolerance", "超出公差";
    QrMeasuredOut => "{out} of {n} measured values out of tolerance", "{n} 个实测值中 {out} 个超出公差";
    QrNoMeasurements => "No measurements taken.", "未测量尺寸。";
    QrNoPhotos => "No photos.", "没有照片。";
    QrReinspects => "Re-inspection of the inspection of {date}", "复查 {date} 的验货";
    QrReinspectedBy => "Re-inspected: see the report of {date}", "已复查:见 {date} 的报告";
    QrSignInspector => "Inspector's signature", "验货员签名";
    QrSignFactory => "Factory's signature", "工厂签名";
    QrSummaryPlan => "Lot {lot} pcs · level {level} · {severity} · code letter {letter} · sample {n} pcs", "批量 {lot} 件 · 检验水平 {level} · {severity} · 字码 {letter} · 样本 {n} 件";
    QrSummaryClass => "{class} (AQL {aql}): {found} found, accept {ac} / reject {re}", "{class}(AQL {aql}):发现 {found},接收 {ac} / 拒收 {re}";
    QrSummaryBy => "Inspector {who} · {date}", "验货员 {who} · {date}";
    // Shipment documents, booking freight and each shipment's final lot (issue 14, ship-docs).
    CsvRatioCartons => "Ratio-packed cartons", "混码装箱";
    DownloadShipmentCsv => "Download this shipment (CSV)", "下载本批出货 (CSV)";
    CodeInsuranceCertificate => "Insurance certificate", "保险单";
    CodePrepaid => "Freight prepaid", "运费预付";
    CodeCollect => "Freight collect", "运费到付";
    FreightTerms => "Freight terms", "运费条款";
    FreightCost => "Freight cost", "运费";
    FreightCurrency => "Freight currency (e.g. USD, CNY; empty: the order's)", "运费币种(如 USD、CNY;留空为订单币种)";
    SaveFreight => "Save freight cost", "保存运费";
    ShipDocRules => "Export documents", "出口单证";
    RuleCertificateOfOrigin => "Every shipment needs a certificate of origin", "每批出货需要产地证";
    ShipDocRulesHelp => "The insurance certificate is asked for on CIF and CIP orders.", "CIF、CIP 订单需要保险单。";
    LotShipments => "Shipments this lot is", "本批验货对应的出货批次";
    LotShipmentsHelp => "A shipment leaves only on a passed final lot at least as big as its pieces. None ticked: the lot is the whole order.", "每批出货须有合格且数量不少于该批件数的尾期验货。都不勾选:视为整单验货。";
    GateShipmentLot => "no passed final lot covers this shipment's pieces", "没有合格的尾期验货覆盖本批出货件数";
    // ---- issue 14 (ship-floor): loading cartons, the shipment card, shipping marks ----
    LoadingTitle => "Loading", "装柜";
    LoadedCount => "Loaded {n} / {total} cartons", "已装 {n} / {total} 箱";
    LoadedShort => "loaded {n}/{total}", "已装 {n}/{total}";
    LoadEntry => "Carton no. or range (e.g. 1-40)", "箱号或范围(如 1-40)";
    LoadTick => "Tick loaded", "确认已装";
    LoadUntick => "Untick", "取消已装";
    LoadScan => "Scan a carton", "扫描箱码";
    LoadStopScan => "Stop scanning", "停止扫描";
    LoadNoCamera => "The camera could not be opened: type the carton number.", "无法打开摄像头:请输入箱号。";
    LoadTickedOne => "{n} carton ticked as loaded", "已确认装入 {n} 箱";
    LoadTickedMany => "{n} cartons ticked as loaded", "已确认装入 {n} 箱";
    LoadAlreadySome => "({n} of them were loaded already)", "(其中 {n} 箱此前已装)";
    LoadUntickedMany => "{n} unticked", "已取消 {n} 箱";
    LoadNoneUnticked => "None of these cartons was ticked", "这些箱未曾确认装入";
    LoadNotYet => "Not loaded yet: {list}", "未装:{list}";
    LoadAllDone => "Every carton is loaded", "全部装完";
    ErrLoadNotOnListOne => "Carton {first} is not on this shipment's packing list", "箱号 {first} 不在本批装箱单上";
    ErrLoadNotOnListMany => "{count} cartons from no. {first} are not on this shipment's packing list", "从箱号 {first} 起有 {count} 箱不在本批装箱单上";
    ErrLoadAlready => "Already loaded: nothing new ticked (from carton {first})", "已装过,没有新增(自箱号 {first})";
    ErrLoadBackwards => "The range {from}-{to} runs backwards", "范围 {from}-{to} 前后颠倒";
    ErrLoadOtherOrder => "This carton belongs to order {po}, not to this one", "此箱属于订单 {po},不是本订单";
    ErrLoadNumber => "Carton number: {why}", "箱号:{why}";
    ShipCartonsShort => "{n} ctns", "{n} 箱";
    ShipLeftOn => "left {day}", "{day} 出厂";
    ShipQtyFromCartonsNote => "Pieces come from the carton lines now.", "数量现按装箱明细计算。";
    // ---- a shipment that has left changes only with a reason, logged (shipment/changes.rs) ----
    ShipChangeLocked => "Left on {day}: its cartons, pieces and shipped date change only with a reason, which is logged.", "已于 {day} 出厂:修改装箱、数量或出厂日期须填写原因,原因会被记录。";
    ShipChangeReason => "Reason for changing it (logged)", "修改原因(将被记录)";
    ShipChangeNeedsReason => "This shipment has left: give the reason for the change first; it is logged.", "此批货已出厂:请先填写修改原因,该原因会被记录。";
    ShipChangesTitle => "Changed after it left", "出厂后的修改";
    ShipChangeLineAdded => "Cartons added", "新增装箱";
    ShipChangeLineEdited => "Cartons changed", "修改装箱";
    ShipChangeLineRemoved => "Cartons removed", "删除装箱";
    ShipChangeQuantities => "Pieces changed", "修改数量";
    ShipChangeUnshipped => "Shipped date {day} cleared", "已清除出厂日期 {day}";
    ShipChangeRedated => "Shipped date {day} moved to {to}", "出厂日期 {day} 改为 {to}";
    ShipChangeReopened => "Order reopened: shipped date {day} cleared", "订单退回:已清除出厂日期 {day}";
    ShipChangeAccepted => "Changed on a device that did not know it had left, accepted", "在未得知已出厂的设备上修改,已确认";
    ShipChangeOther => "Changed", "已修改";
    ShipChangeCartons => "cartons {before} → {after}", "箱数 {before} → {after}";
    ShipChangeWhy => "why: {reason}", "原因:{reason}";
    ShipUnlogged => "Changed after it left, on a device that did not know, with no reason: {list}. Accept it with a reason, or correct it.", "出厂后在未得知的设备上被修改且无原因:{list}。请填写原因确认,或改正。";
    ShipUnloggedLines => "carton lines differing: {n}", "装箱明细不同:{n} 条";
    ShipAcceptUnlogged => "Accept the change", "确认此修改";
    ShipSumUnlogged => "changed after leaving", "出厂后被修改";
    MarksOpen => "Shipping marks", "箱唛";
    MarksClose => "Close", "关闭";
    MarksPick => "Carton range", "箱号范围";
    MarksNone => "Add carton lines first: marks are printed per carton range.", "请先添加装箱明细:箱唛按箱号范围打印。";
    MainMark => "Main mark", "正唛";
    SideMark => "Side mark", "侧唛";
    MarkPo => "PO no.", "订单号";
    MarkCartonOf => "C/No. {n} of {total}", "箱号 {n} / 共 {total} 箱";
    MarkNet => "N.W. {kg} kg", "净重 {kg} 千克";
    MarkGross => "G.W. {kg} kg", "毛重 {kg} 千克";
    MarkMeas => "Meas.", "尺寸";
    MarkContents => "Contents", "内装";
    MarkBarcode => "Carton code {code}", "箱码 {code}";
    // ---- files kept with an order (issue 17) ----
    SecFiles => "Files", "文件";
    AttFile => "File", "文件";
    AttKind => "Kind of file", "文件类别";
    AttBelongsTo => "Belongs to", "所属";
    AttWholeOrder => "The whole order", "整张订单";
    AttAddFile => "Add a file", "添加文件";
    AttTakePhoto => "Take a photo", "拍照";
    AttAdding => "Adding…", "正在添加…";
    AttNone => "No files yet: tech packs, PO scans, test reports, B/L copies…", "还没有文件:工艺单、PO 扫描件、测试报告、提单副本……";
    AttLimits => "Up to {file} MB per file; pictures are made smaller like photos.", "每个文件最大 {file} MB;图片会像照片一样压缩。";
    AttOfficeHint => "Contracts, invoices, the buyer's PO, costings and suppliers' POs or proforma invoices can be added and seen only on an office device (one that holds this order's money).", "合同、发票、客户 PO、成本报价资料和供应商采购单/形式发票只能在办公室设备(持有本订单金额数据的设备)上添加和查看。";
    AttOfficeBadge => "Office only", "仅限办公室";
    AttOpen => "Open", "打开";
    AttShare => "Share", "分享";
    AttRemove => "Remove", "删除";
    AttConfirmRemove => "Remove “{name}” from this order?", "从本订单删除“{name}”?";
    AttKeepOffice => "Keep in the office", "改为仅限办公室";
    AttKeepOfficeAsk => "Has “{name}” prices or terms? Filed as the office's, it moves to the order's books: the factories' links can no longer open it (a phone that opened it before keeps its copy). What is it?", "“{name}”含有价格或条款?改为办公室文件后将移入订单账目:工厂链接将无法再打开(之前已打开过的手机仍保留其副本)。它属于哪类文件?";
    AttKeepOfficeConfirm => "Keep it in the office", "确认仅限办公室";
    AttFailed => "The file could not be added:", "无法添加文件:";
    AttFetching => "Fetching the file…", "正在获取文件…";
    AttNoRelay => "This file is not on this device (only on the device that added it)", "本机没有此文件(仅在添加它的设备上)";
    AttUnreachable => "This file is not on this device; connect to the relay to fetch it", "本机没有此文件;连接中继服务器后可获取";
    AttNotUploaded => "The device that added this file has not uploaded it yet", "添加此文件的设备尚未上传";
    AttRefused => "The relay refused access to this file", "中继服务器拒绝访问此文件";
    AttDamaged => "The file arrived damaged and was not kept", "文件传输损坏,未保存";
    AttKindTechPack => "Tech pack", "工艺单";
    AttKindPoScan => "PO scan", "PO 扫描件";
    AttKindContract => "Contract", "合同";
    AttKindTestReport => "Test report", "测试报告";
    AttKindBl => "B/L copy", "提单副本";
    AttKindInvoice => "Invoice", "发票";
    AttKindCosting => "Costing or price sheet (office only)", "成本核算/报价资料(仅限办公室)";
    AttKindSupplierPo => "Supplier PO or proforma invoice (office only)", "供应商采购单/形式发票(仅限办公室)";
    AttKindOther => "Other (the factory may see it)", "其他(工厂可见)";
    AttForSample => "Sample", "样品";
    AttForPo => "Purchase order", "采购单";
    AttForInspection => "Inspection", "验货";
    AttForShipment => "Shipment", "出货";
    ErrFileTooLarge => "Too large ({size} MB): at most {max} MB", "文件过大({size} MB):最多 {max} MB";
    ErrOfficeOnly => "Contracts, invoices, the buyer's PO and costings are kept only with the order's money", "合同、发票、客户 PO 和成本报价资料只能与订单金额一起保存";
    ErrNotOfficeOnly => "Only contracts, invoices, the buyer's PO and costings are kept with the money", "只有合同、发票、客户 PO 和成本报价资料与金额一起保存";
    CommFactoryReads => "On the order: the factory reads this note", "在订单上:工厂可以看到这条记录";
    CommToBooks => "Take from the factory: keep in the books only", "不让工厂看到:只保存在账本中";
    ErrNoteNeedsBooks => "Notes of calls and visits are kept with this order's money, which is not on this device (or does not read here): make the note on a device that holds it. Nothing was saved.", "通话和拜访记录与本订单的金额资料保存在一起,而本机没有这些资料(或无法读取):请在持有金额资料的设备上记录。未保存任何内容。";
    ErrMoneyNotHere => "Only a device that holds this order's money can waive the deposit or balance: the office decides", "只有持有此订单金额的设备才能放行定金或尾款:由办公室决定";
    ErrMoneyLink => "This order's money link was changed to point at a document that is not its money record (by a device that shares the order). Nothing was written.", "此订单的金额链接被改为指向非金额记录的文档(由共享此订单的设备所改)。未写入任何内容。";
    ErrWaiverNeedsBooks => "Waiving the deposit or balance is recorded with this order's money, which cannot be read on this device. Nothing was saved: put the money back first (open the order's money), or make the move on a device that reads it.", "放行订金或尾款须记在此订单的收付款资料中,而该资料在本机无法读取。未保存任何内容:请先恢复收付款资料(打开订单的收付款页面),或在能读取它的设备上操作。";
    ErrFinalFixedAtStart => "A final inspection is started as one, where the switching rules apply: start a new final inspection instead", "尾期验货须作为尾期验货开始(此时适用转移规则):请另开一次尾期验货";
    ErrNoClassJudged => "Give the AQL of at least one defect class: a lot judged on none passes whatever is found", "请至少填写一类缺陷的 AQL:不判定任何缺陷类别的批次,无论发现什么都会判合格";
    ErrLotAboveOrder => "A lot of {lot} pcs is more than the order can present: {ordered} pcs ordered, at most {most} with the over-shipment allowance", "批量 {lot} 件超过订单可提交的数量:订单 {ordered} 件,加上溢装允许最多 {most} 件";
    ErrRejectedAsCounted => "Defects were counted on this lot: a set-up that accepts more of them (a larger lot, a larger sample) is refused. Finish it, or start a new lot with a reason", "此批次已记录缺陷:不接受能容许更多缺陷的设置(更大的批量或样本)。请完成该批次,或注明原因开始新批次";
    ErrPlanNotEased => "Defects were counted on this final lot (or it was finished): its level and AQLs may be tightened, never eased", "此尾期验货已记录缺陷(或已完成):检验水平和 AQL 只可加严,不可放宽";
    ErrStringencyNotEased => "A final lot keeps the severity the switching rules gave it when it started: it may be tightened, never eased", "尾期验货保持开始时转移规则给出的严格度:只可加严,不可放宽";
    ErrPaymentInBooks => "Payment is followed in Money: the factory receives this order's plan, so a payment date or delay there would tell it the terms and when the buyer paid", "收款在“金额”中跟进:工厂会收到此订单的计划,计划里的收款日期或延误会让工厂知道付款条件和客户何时付款";
    PaymentInPlan => "This order's plan still holds “{name}”. The factory receives the plan, so its dates tell it the payment terms and when the buyer paid. Payment is followed in Money.", "此订单的计划中仍有“{name}”。工厂会收到计划,其日期会让工厂知道付款条件和客户何时付款。收款在“金额”中跟进。";
    PaymentTakeOut => "Take it out of the plan", "从计划中移除";
    TemplatePaymentSkipped => "Not put on orders: payment is followed in Money", "不加入订单:收款在“金额”中跟进";
    ErrDoneByShipping => "Done when the goods ship: date the shipment or mark the order shipped", "出货时自动完成:在出货记录上填写出货日期,或将订单标为已出货";
    // Photos and files with the orders: nearby devices and bundle files (issue 17).
    NearbyFilesIn => "Photos and files received: {n} of {total} ({done} of {size})", "已接收照片和文件:{n} / {total}({done} / {size})";
    NearbyFilesOut => "Photos and files sent: {n} of {total}", "已发送照片和文件:{n} / {total}";
    NearbyFilesDamaged => "Arrived damaged and not kept (asked for again next time): {n}", "传输中损坏、未保存(下次重新请求):{n}";
    NearbyFilesLeft => "Left for another time (over this connection's limits, or no longer on the other device): {n}", "留待下次(超出本次连接的限制,或对方设备上已没有):{n}";
    NearbyFilesStopped => "Photos and files stopped: the other device sent data that breaks the rules. Everything received before is kept.", "照片和文件传输已停止:对方设备发送的数据不合规。之前收到的内容都已保留。";
    ExportWithFiles => "With photos and files", "包含照片和文件";
    ExportFilesSize => "Photos and files: {n}, {size} in all", "照片和文件:{n} 个,共 {size}";
    ExportFilesMissing => "Not on this device, left out: {n}", "不在本设备上、不会导出:{n}";
    ExportFilesCounting => "Counting photos and files…", "正在统计照片和文件…";
    ImportFiles => "photos and files added: {n}", "新增照片和文件:{n}";
    ImportFilesDamaged => "damaged in the file and not imported (the orders were): {n}", "文件中已损坏、未导入(订单已导入):{n}";
    // Storage pressure: photos and files per order, freeing closed orders' copies (issue 17).
    BlobsTitle => "Photos and files", "照片和文件";
    BlobsMeasuring => "Measuring photos and files…", "正在统计照片和文件…";
    BlobsTotal => "{size} on this device · {files}", "本机占用 {size} · {files}";
    BlobFilesOne => "{n} file", "{n} 个文件";
    BlobFilesMany => "{n} files", "{n} 个文件";
    BlobsNone => "No order has photos or files on this device.", "本机没有任何订单的照片或文件。";
    BlobsDamaged => "Damaged file records (not counted):", "损坏的文件记录(未计入):";
    BlobsClosedHint => "A closed order (shipped, delivered, closed or cancelled) can free its space once the relay holds its files; they are fetched again when shown online.", "已结束的订单(已出货、已交付、已关闭或已取消)在中继服务器保存其文件后可释放空间;联网查看时会重新获取。";
    BlobOnlyHereOne => "{n} file only on this device: kept", "{n} 个文件仅在本机:保留";
    BlobOnlyHereMany => "{n} files only on this device: kept", "{n} 个文件仅在本机:保留";
    BlobNotHereOne => "{n} file on the relay, fetched when shown", "{n} 个文件在中继服务器上,查看时获取";
    BlobNotHereMany => "{n} files on the relay, fetched when shown", "{n} 个文件在中继服务器上,查看时获取";
    BlobFree => "Free {size}", "释放 {size}";
    BlobFreeAll => "Free {size} for all closed orders", "为所有已结束订单释放 {size}";
    BlobFreeConfirm => "Remove {size} of photos and files from this device? They stay on the relay and are fetched again when shown online. Files only on this device are kept.", "从本机移除 {size} 的照片和文件?它们仍保存在中继服务器上,联网查看时会重新获取。仅在本机的文件会保留。";
    BlobFreeYes => "Free space", "释放空间";
    BlobFreed => "Freed {size}.", "已释放 {size}。";
    BlobFreeUnconfirmed => "The relay did not confirm it holds these files, so they were kept. Try again online.", "中继服务器未确认保存这些文件,因此已保留。请联网后重试。";
    BlobFreeFailed => "Space could not be freed:", "未能释放空间:";
    PhotoOnRelay => "On the relay — fetched when online", "在中继服务器上 — 联网时获取";
    StandingTitle => "Standing", "合作状态";
    StandingApproved => "Approved", "合格";
    StandingTrial => "On trial", "试用";
    StandingSuspended => "Suspended", "暂停合作";
    StandingReason => "Why (logged)", "原因(会被记录)";
    StandingChange => "Change standing", "更改状态";
    StandingLogRow => "{to} — {who}, {day}: {reason}", "{day} {who} 改为{to}:{reason}";
    StandingNamed => "{name} ({standing})", "{name}(状态:{standing})";
    ErrSuspended => "This party is suspended: no new PO goes to it and no order moves to it until it is reinstated under Parties.", "该单位已暂停合作:恢复合作(在“合作单位”中)之前,不能向其下新采购单,也不能把订单转给它。";
    PoSupplierSuspended => "{name} was suspended on {day}: {reason}. Cancel or close this PO short, or keep it with a reason.", "{name}已于{day}暂停合作:{reason}。请取消本采购单或短交结案,或填写原因后保留。";
    PoKeepReason => "Why keep this PO open (logged)", "保留本采购单的原因(会被记录)";
    PoKeep => "Keep this PO", "保留本采购单";
    PoKeptSuspended => "Kept while {name} is suspended: {reason} — {who}, {day}", "{name}暂停合作期间保留:{reason} — {who},{day}";
    PoSupplierOnTrial => "{name} is on trial", "{name}为试用供应商";
    FactorySuspended => "This order's factory {name} was suspended on {day}: {reason}", "本订单工厂{name}已于{day}暂停合作:{reason}";
    TodaySuspended => "Open POs at suspended suppliers", "暂停合作供应商的未结采购单";
    TodaySuspendedRow => "{name} suspended: cancel, close or keep its PO", "{name}已暂停合作:请取消、结案或保留其采购单";
    EvStandingChanged => "{name} now {to}", "{name}改为{to}";
    EvPoKeptSuspended => "PO {po} kept while its supplier is suspended", "供应商暂停合作期间保留采购单 {po}";
}

/// The current language, provided as context at the root.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    pub fn t(self, key: K) -> &'static str {
        key.text(self.0.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A count with its noun, "1 order" / "2 orders": `one` is said for exactly one, `many` for any
/// other number (0 included); both carry `{n}` where the number goes. Chinese has one form, so its
/// two texts are the same.
pub fn count(lang: Lang, (one, many): (K, K), n: usize) -> String {
    let key = if n == 1 { one } else { many };
    fill(key.text(lang), &[("n", &n.to_string())])
}

/// The pairs [`count`] takes.
pub const ORDERS: (K, K) = (K::CountOrdersOne, K::CountOrdersMany);
pub const STALE_LINKS: (K, K) = (K::StaleLinksOne, K::StaleLinksMany);
pub const CHECKED_ORDERS: (K, K) = (K::CheckedOrdersOne, K::CheckedOrdersMany);
pub const MORE_ITEMS: (K, K) = (K::CountMoreOne, K::CountMoreMany);
pub const PHOTOS_WAITING: (K, K) = (K::PhotosWaitingOne, K::PhotosWaitingMany);
pub const PENDING_WRITES: (K, K) = (K::PendingWritesOne, K::PendingWritesMany);
pub const SYNC_DOCS: (K, K) = (K::SyncDocsOne, K::SyncDocsMany);
pub const NOTICES_UNREAD: (K, K) = (K::NoticesUnreadOne, K::NoticesUnreadMany);
pub const OPEN_ORDERS: (K, K) = (K::OpenOrdersOne, K::OpenOrdersMany);
pub const BLOB_FILES: (K, K) = (K::BlobFilesOne, K::BlobFilesMany);
pub const IMPORT_NEW: (K, K) = (K::ImportNewOne, K::ImportNewMany);
pub const BLOB_ONLY_HERE: (K, K) = (K::BlobOnlyHereOne, K::BlobOnlyHereMany);
pub const BLOB_NOT_HERE: (K, K) = (K::BlobNotHereOne, K::BlobNotHereMany);
pub const RESTORE_UNDOES: (K, K) = (K::RestoreChangesOne, K::RestoreChangesMany);

/// Who made a change, by the name they gave; a change from a device whose person never gave a
/// name is "another device", never the device's id.
pub fn author_name(lang: Lang, name: &str) -> String {
    if name.trim().is_empty() {
        K::AnotherDevice.text(lang).to_string()
    } else {
        name.to_string()
    }
}

/// A T&A template's name in `lang`: the built-in template, while nobody renamed it, is said in
/// one language; any other name is shown as written.
pub fn template_name(lang: Lang, name: &str) -> String {
    if name == gendan_domain::tna::default_template().name {
        K::TplStandard.text(lang).to_string()
    } else {
        name.to_string()
    }
}

/// The words for a milestone link; `None` for a code this build does not know.
pub fn link_key(l: &gendan_domain::links::Link) -> Option<K> {
    use gendan_domain::links::Link::*;
    Some(match l {
        None => K::LinkNone,
        LabDip => K::LinkLabDip,
        FabricBooking => K::LinkFabricBooking,
        FitSample => K::LinkFitSample,
        PpSample => K::LinkPpSample,
        BulkFabric => K::LinkBulkFabric,
        Cutting => K::LinkCutting,
        Sewing => K::LinkSewing,
        InlineQc => K::LinkInlineQc,
        FinalQc => K::LinkFinalQc,
        ExFactory => K::LinkExFactory,
        Etd => K::LinkEtd,
        PaymentDue => K::LinkPaymentDue,
        Other(_) => return Option::None,
    })
}

/// A milestone's name in `lang`: a line of the built-in template whose name nobody changed is
/// said in one language (the stored name carries both); any other name is shown as written.
pub fn milestone_name(lang: Lang, name: &str) -> String {
    use gendan_domain::links::Link::*;
    if name == gendan_domain::tna::SEEDED_PAYMENT_NAME {
        return K::MsPaymentDue.text(lang).to_string();
    }
    let builtin = gendan_domain::tna::default_template();
    let Some(line) = builtin.milestones.values().find(|t| t.name == name) else {
        return name.to_string();
    };
    let key = match gendan_domain::links::Link::from_code(&line.code) {
        LabDip => K::MsLabDip,
        FabricBooking => K::MsFabricBooking,
        FitSample => K::MsFitSample,
        PpSample => K::MsPpSample,
        BulkFabric => K::MsBulkFabric,
        Cutting => K::MsCutting,
        Sewing => K::MsSewing,
        InlineQc => K::MsInlineQc,
        FinalQc => K::MsFinalQc,
        ExFactory => K::MsExFactory,
        Etd => K::MsEtd,
        PaymentDue => K::MsPaymentDue,
        None | Other(_) => return name.to_string(),
    };
    key.text(lang).to_string()
}

pub fn status_key(s: gendan_domain::OrderStatus) -> K {
    use gendan_domain::OrderStatus::*;
    match s {
        Draft => K::StDraft,
        Confirmed => K::StConfirmed,
        InProduction => K::StInProduction,
        ReadyToShip => K::StReadyToShip,
        Shipped => K::StShipped,
        Delivered => K::StDelivered,
        Closed => K::StClosed,
        OnHold => K::StOnHold,
        Cancelled => K::StCancelled,
    }
}

/// The label of the input a problem is about, to say "Supplier: Required" next to an action.
pub fn field_key(field: &gendan_domain::order::Field) -> K {
    use gendan_domain::order::Field::*;
    match field {
        CustomerPo => K::CustomerPo,
        Customer => K::Customer,
        StyleNo => K::StyleNo,
        Description => K::Description,
        Currency => K::Currency,
        UnitPrice => K::UnitPrice,
        OrderDate => K::OrderDate,
        ExFactory => K::ExFactory,
        Colours => K::Colour,
        Sizes => K::Size,
        Quantities | Cell(..) => K::Quantities,
        SentDate => K::SentDate,
        ReplyDue => K::ReplyDue,
        ReplyDate => K::ReplyDate,
        Comments => K::BuyerComments,
        Supplier => K::Supplier,
        Qty => K::PoQty,
        Unit => K::Unit,
        RequiredDate => K::RequiredDate,
        ConfirmedDate => K::ConfirmedDate,
        ArrivedOn => K::ArrivedOn,
        IncidentDay => K::IncidentDay,
        IncidentNote => K::IncidentNote,
        IncidentPieces => K::IncidentPieces,
        IncidentSettlement => K::IncidentSettlement,
        DeliveryDate => K::DeliveryDate,
        ShippedOn => K::ShippedOn,
        DeliveryQty => K::DeliveryQty,
        Resolution => K::Resolution,
        RootCause => K::RootCause,
        DefectiveQty => K::DefectiveQty,
        LotSize => K::LotSize,
        NewDate => K::NewDate,
        PaymentAmount => K::PaymentAmount,
        PaymentDate => K::Date,
        RefundAmount => K::RefundAmount,
        ReceiptAmount => K::ReceiptAmount,
        PoTolerance => K::PoTolerance,
        ReceiptDate => K::Date,
        ReceiptReference => K::ReceiptRef,
        RefundDate => K::Date,
        ExchangeRate => K::ExchangeRate,
        Factory => K::Factory,
        CorrectiveBy => K::ConfirmedBy,
        CorrectiveOn => K::Date,
        CorrectiveAction => K::CorrectiveAction,
        Photo => K::Photos,
        InspectionLevel => K::InspectionLevel,
        Stringency => K::Stringency,
        AqlCritical => K::AqlCritical,
        AqlMajor => K::AqlMajor,
        AqlMinor => K::AqlMinor,
        DelayCause => K::DelayCause,
        FollowUpNote => K::FollowUpNote,
        StoredDate => K::StoredDate,
        StockLocation => K::StockLocation,
        FollowUpDate => K::FollowUpDate,
        PromisedDate => K::PromisedDate,
        UrgentReason => K::UrgentReason,
        ChangeReason => K::ExFactoryChangeReason,
        ReworkNote => K::ReworkNote,
        StartedOver => K::StartedOverReason,
        CloseReason => K::PoCloseReason,
        RevisionReason => K::PoRevisionReason,
        CancelReason => K::PoCancelReason,
        ReopenReason => K::ReopenReason,
        FinishedInspection => K::FinishedInspectionField,
        ProductionQty => K::Quantity,
        ProductionColour => K::Colour,
        ProductionReason => K::ProductionReason,
        MeasurePoint => K::MeasurePoint,
        OverShipAllowance => K::OverShipAllowance,
        ShortShipAllowance => K::ShortShipAllowance,
        CartonFrom => K::CartonFrom,
        CartonTo => K::CartonTo,
        PerCarton => K::PerCarton,
        PiecesPerCarton => K::PiecesPerCarton,
        CartonLength => K::CartonLength,
        CartonWidth => K::CartonWidth,
        CartonHeight => K::CartonHeight,
        NetKg => K::NetKgCarton,
        GrossKg => K::GrossKgCarton,
        ShippedQty => K::ShippedQty,
        ShortAllowance => K::ShortAllowance,
        OverAllowance => K::OverAllowance,
        Attachment => K::AttFile,
        ActualDate => K::ActualDate,
        InspectionKind => K::InspectionKind,
        ChargeAmount => K::PayableAmount,
        ChargeNote => K::ChargeNote,
        Quote => K::QuoteWord,
        QuoteCurrency => K::Currency,
        QuotePrice => K::QuotePriceLabel,
        QuoteValidUntil => K::QuoteValidLabel,
        QuoteDay => K::Date,
        CounterPrice => K::QuoteCounter,
        QuoteAnswerNote => K::QuoteAnswerNote,
        ClaimAmount => K::ClaimAmountLabel,
        RecoveryAmount => K::RecoveryAmountLabel,
        RecoveryDate => K::RecoveryDateLabel,
        SealKeptAt => K::SealKeptAt,
        BookingDay => K::BookingDay,
        BookingAgency => K::BookingAgency,
        ReturnQty => K::ReturnQty,
        ReturnDay => K::ReturnDay,
        ResentDay => K::ResentDay,
        DeductionAmount => K::DeductionAmountLabel,
        DeductionDay => K::DeductionDayLabel,
        DeductionReference => K::DeductionRefLabel,
        DebitAmount => K::DebitAmountLabel,
        DebitNote => K::DebitNoteLabel,
        NoticeTitle => K::NoticeTitleLabel,
        NoticeBody => K::NoticeBodyLabel,
        NoticeFrom => K::NoticeFromLabel,
        NoticeFactory => K::NoticeFactoryLabel,
        NoticeReader => K::NoticeReaderLabel,
        DayGoal => K::DayGoalsTitle,
    }
}

/// "Field: what is wrong", in the chosen language, with what was given when the rule names it.
pub fn problem_text(lang: Lang, p: &gendan_domain::order::Problem) -> String {
    format!(
        "{}: {}",
        field_key(&p.field).text(lang),
        issue_text(lang, &p.issue)
    )
}

/// What is wrong with a value, in the chosen language, with its parameters filled in.
pub fn issue_text(lang: Lang, issue: &gendan_domain::order::Issue) -> String {
    use gendan_domain::order::Issue::*;
    let text = issue_key(issue).text(lang);
    match issue {
        NotAHash(given) | UnknownCode(given) | DecimalComma(given) | NotAStandardAql(given) => {
            format!("{text} — {given}")
        }
        Duplicate(name) => format!("{text}: {name}"),
        OverShipment {
            packed,
            allowed,
            ordered,
            colour,
        } => fill(
            if colour.is_empty() {
                text
            } else {
                K::ErrOverShipmentColour.text(lang)
            },
            &[
                ("packed", &packed.to_string()),
                ("allowed", &allowed.to_string()),
                ("ordered", &ordered.to_string()),
                ("colour", colour),
            ],
        ),
        Ambiguous { thousands, decimal } => fill(
            text,
            &[
                ("thousands", thousands.as_str()),
                ("decimal", decimal.as_str()),
            ],
        ),
        RatioNotDividing { pieces, parts } => fill(
            text,
            &[
                ("pieces", &pieces.to_string()),
                ("parts", &parts.to_string()),
            ],
        ),
        FileTooLarge { size, max } => fill(
            text,
            &[("size", &megabytes(*size)), ("max", &megabytes(*max))],
        ),
        MoreThanOwed(max) | MoreThanOwedBack(max) | BelowRecovered(max) => {
            fill(text, &[("max", &max.to_string())])
        }
        CurrencyInUse(currency) | NotBooksCurrency(currency) => {
            fill(text, &[("currency", currency)])
        }
        AtMost(max) => fill(text, &[("max", &max.to_string())]),
        LotAboveOrder { lot, most, ordered } => fill(
            text,
            &[
                ("lot", &lot.to_string()),
                ("most", &most.to_string()),
                ("ordered", &ordered.to_string()),
            ],
        ),
        OutsideTolerance { shipped, min, max } => fill(
            text,
            &[
                ("shipped", &shipped.to_string()),
                ("min", &min.to_string()),
                ("max", &max.to_string()),
            ],
        ),
        _ => text.to_string(),
    }
}

/// Bytes as megabytes (MiB) with one decimal, the trailing ".0" dropped: "20", "20.5".
pub fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10).div_ceil(1024 * 1024);
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Puts parameters into a translated text: `{name}` becomes its value, so each language places
/// the values where its grammar wants them instead of gluing fragments together.
pub fn fill(text: &str, params: &[(&str, &str)]) -> String {
    params.iter().fold(text.to_string(), |t, (name, value)| {
        t.replace(&format!("{{{name}}}"), value)
    })
}

/// The name of a sample kind; `None` for a code from a newer version (shown as it is).
pub fn sample_kind_key(kind: &gendan_domain::samples::SampleKind) -> Option<K> {
    use gendan_domain::samples::SampleKind::*;
    Some(match kind {
        Proto => K::KindProto,
        LabDip => K::KindLabDip,
        StrikeOff => K::KindStrikeOff,
        Fit => K::KindFit,
        Salesman => K::KindSalesman,
        SizeSet => K::KindSizeSet,
        PreProduction => K::KindPp,
        Shipping => K::KindShipping,
        Misc => K::KindOther,
        Other(_) => return None,
    })
}

pub fn sample_kind_text(lang: Lang, kind: &gendan_domain::samples::SampleKind) -> String {
    sample_kind_key(kind).map_or_else(|| kind.code().to_string(), |k| k.text(lang).to_string())
}

/// Who runs a booked inspection, in words.
pub fn inspector_key(by: &gendan_domain::bookings::Inspector) -> K {
    use gendan_domain::bookings::Inspector::*;
    match by {
        Own => K::ByOwn,
        Buyer => K::ByBuyer,
        ThirdParty | Other(_) => K::ByThirdParty,
    }
}

/// What becomes of pieces the buyer sent back, in words.
pub fn disposition_key(d: &gendan_domain::goods_returns::Disposition) -> K {
    use gendan_domain::goods_returns::Disposition::*;
    match d {
        Rework | Other(_) => K::DispRework,
        Replace => K::DispReplace,
        Scrap => K::DispScrap,
    }
}

/// The sealed reference samples (锁板) an inspection judges against, as the inspection screen and
/// its report say them: "PP sample · round 2, kept at shelf A-3; …"; `None` when none holds.
pub fn seal_refs_text(lang: Lang, refs: &[gendan_domain::samples::SealedRef]) -> Option<String> {
    let each: Vec<String> = refs
        .iter()
        .map(|r| {
            fill(
                K::SealRef.text(lang),
                &[
                    ("sample", &sample_kind_text(lang, &r.kind)),
                    ("round", &r.round.to_string()),
                    ("place", &r.seal.kept_at),
                ],
            )
        })
        .collect();
    (!each.is_empty()).then(|| each.join("; "))
}

pub fn item_kind_text(lang: Lang, kind: &gendan_domain::purchasing::ItemKind) -> String {
    use gendan_domain::purchasing::ItemKind::*;
    let k = match kind {
        Fabric => K::ItemFabric,
        Trims => K::ItemTrims,
        Packaging => K::ItemPackaging,
        Subcontract => K::ItemSubcontract,
        Misc => K::KindOther,
        Other(code) => return code.clone(),
    };
    k.text(lang).to_string()
}

/// An incoming inspection's result (来料检验); a result of a newer version reads as pending.
pub fn incoming_key(r: &gendan_domain::purchasing::IncomingResult) -> K {
    use gendan_domain::purchasing::IncomingResult::*;
    match r {
        Accepted => K::IncAccepted,
        AcceptedWithRemarks => K::IncAcceptedRemarks,
        Rejected => K::IncRejected,
        _ => K::IncPending,
    }
}

/// The name of a charge's kind; `None` for a code from a newer version (shown as it is).
pub fn charge_kind_key(kind: &gendan_domain::other_charges::ChargeKind) -> Option<K> {
    use gendan_domain::other_charges::ChargeKind::*;
    Some(match kind {
        Freight => K::ChargeFreight,
        Courier => K::ChargeCourier,
        Testing => K::ChargeTesting,
        Samples => K::ChargeSamples,
        Inspection => K::ChargeInspection,
        Sundry => K::ChargeSundry,
        Other(_) => return None,
    })
}

/// What a logged change to a shipment that had left did; `shipped_on` is the date a change
/// cleared (un-shipped, reopened).
pub fn ship_change_what(
    lang: Lang,
    kind: &gendan_domain::shipment::changes::ChangeKind,
    shipped_on: Option<gendan_domain::Day>,
    redated_to: Option<gendan_domain::Day>,
) -> String {
    use gendan_domain::shipment::changes::ChangeKind::*;
    let day = shipped_on.map(|d| d.to_string()).unwrap_or_default();
    let to = redated_to.map(|d| d.to_string()).unwrap_or_default();
    let k = match kind {
        LineAdded => K::ShipChangeLineAdded,
        LineEdited => K::ShipChangeLineEdited,
        LineRemoved => K::ShipChangeLineRemoved,
        Quantities => K::ShipChangeQuantities,
        Unshipped => K::ShipChangeUnshipped,
        Reopened => K::ShipChangeReopened,
        Redated => K::ShipChangeRedated,
        Accepted => K::ShipChangeAccepted,
        Other(_) => K::ShipChangeOther,
    };
    fill(k.text(lang), &[("day", &day), ("to", &to)])
}

pub fn issue_key(issue: &gendan_domain::order::Issue) -> K {
    use gendan_domain::order::Issue::*;
    match issue {
        Required => K::ErrRequired,
        NotWholeNumber => K::ErrNotWhole,
        Negative => K::ErrNegative,
        TooLarge => K::ErrTooLarge,
        NotANumber => K::ErrNotNumber,
        TooPrecise => K::ErrTooPrecise,
        NotADate => K::ErrNotDate,
        BeforeOrderDate => K::ErrBeforeOrder,
        NotACurrency => K::ErrCurrency,
        Duplicate(_) => K::ErrDuplicate,
        NotPositive => K::ErrNotPositive,
        InFuture => K::ErrInFuture,
        EnteredAfterDue => K::ErrEnteredAfterDue,
        FailedLotWaits => K::ErrFailedLotWaits,
        NoFactoryNamed => K::ErrNoFactoryNamed,
        NotThisOrdersFactory => K::ErrNotThisOrdersFactory,
        WrittenFirst => K::ErrWrittenFirst,
        NotLeftYet => K::ErrNotLeftYet,
        BeforeLeft => K::ErrBeforeLeft,
        BeforeReported => K::ErrBeforeReported,
        BeforeSent => K::ErrBeforeSent,
        BeforeFollowUp => K::ErrBeforeFollowUp,
        NotAccepted => K::ErrNotAccepted,
        GoodsArrived => K::ErrGoodsArrived,
        Cancelled => K::ErrCancelled,
        BeforeArrival => K::ErrBeforeArrival,
        NothingReceived => K::ErrNothingReceived,
        MoreThanOwed(_) => K::ErrMoreThanOwed,
        MoreThanOwedBack(_) => K::ErrMoreThanOwedBack,
        PriceToCheck => K::ErrPriceToCheck,
        NotAfterPlanned => K::ErrNotAfterPlanned,
        NotAHash(_) => K::ErrNotAHash,
        UnknownCode(_) => K::ErrUnknownCode,
        DecimalComma(_) => K::ErrDecimalComma,
        NotAStandardAql(_) => K::ErrNotStandardAql,
        ZeroWithoutSample => K::ErrZeroWithoutSample,
        Ambiguous { .. } => K::ErrAmbiguous,
        Finished => K::ErrFinished,
        ChangedAfterFinish => K::ErrChangedAfterFinish,
        OverShipment { .. } => K::ErrOverShipment,
        Removed => K::ErrRemoved,
        BeforeFrom => K::ErrBeforeFrom,
        SolidMixed => K::ErrSolidMixed,
        GrossBelowNet => K::ErrGrossBelowNet,
        RatioNotDividing { .. } => K::ErrRatioNotDividing,
        OutsideTolerance { .. } => K::ErrOutsideTolerance,
        FileTooLarge { .. } => K::ErrFileTooLarge,
        OfficeOnly => K::ErrOfficeOnly,
        NotOfficeOnly => K::ErrNotOfficeOnly,
        DoneByShipping => K::ErrDoneByShipping,
        PaymentInBooks => K::ErrPaymentInBooks,
        FinalFixedAtStart => K::ErrFinalFixedAtStart,
        StringencyNotEased => K::ErrStringencyNotEased,
        NoClassJudged => K::ErrNoClassJudged,
        PlanNotEased => K::ErrPlanNotEased,
        RejectedAsCounted => K::ErrRejectedAsCounted,
        LotAboveOrder { .. } => K::ErrLotAboveOrder,
        NotAParty => K::ErrNotAParty,
        BeforeQuoted => K::ErrBeforeQuoted,
        BeforeQuoteSent => K::ErrBeforeQuoteSent,
        AnotherAccepted => K::ErrAnotherAccepted,
        NoneAccepted => K::ErrNoneAccepted,
        NotSentYet => K::ErrNotSentYet,
        AlreadyAnswered => K::ErrAlreadyAnswered,
        Withdrawn => K::ErrWithdrawn,
        QuoteExpired => K::ErrQuoteExpired,
        CurrencyInUse(_) => K::ErrCurrencyInUse,
        NotBooksCurrency(_) => K::ErrNotBooksCurrency,
        BelowRecovered(_) => K::ErrBelowRecovered,
        NotApprovedToSeal => K::ErrNotApprovedToSeal,
        AlreadySealed => K::ErrAlreadySealed,
        InPast => K::ErrInPast,
        BookingClosed => K::ErrBookingClosed,
        OwnNeedsNoConfirmation => K::ErrOwnNeedsNoConfirmation,
        ComplaintNotOpen => K::ErrComplaintNotOpen,
        AtMost(_) => K::ErrAtMost,
        NothingToResend => K::ErrNothingToResend,
        ReturnsToResend => K::ErrReturnsToResend,
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Latin words a Chinese text may hold: trade and document abbreviations, Incoterms,
    /// currency codes and the like, which Chinese merchandisers write in Latin letters too. The
    /// same list as `tests/e2e/language.test.mjs`.
    const LATIN_IN_ZH: &[&str] = &[
        "PO", "AQL", "ETD", "ETA", "CBM", "PDF", "CSV", "QR", "DUPRO", "FRI", "ISO", "AWB", "KPI",
        "III", "EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP", "USD",
        "EUR", "CNY", "RMB", "GBP", "HKD", "JPY", "USB",
        // What a relay address starts with, as typed.
        "wss",
    ];

    /// The Latin words of three letters or more in `text`, parameters (`{name}`) left out.
    fn latin_words(text: &str) -> Vec<String> {
        let mut plain = String::new();
        let mut in_param = false;
        for c in text.chars() {
            match c {
                '{' => in_param = true,
                '}' => in_param = false,
                c if !in_param => plain.push(c),
                _ => {}
            }
        }
        plain
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3 && !LATIN_IN_ZH.contains(w))
            .map(str::to_string)
            .collect()
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn every_key_has_both_languages() {
        for k in K::ALL {
            let (en, zh) = (k.text(Lang::En), k.text(Lang::Zh));
            assert!(!en.trim().is_empty(), "{k:?} has no English");
            assert!(!zh.trim().is_empty(), "{k:?} has no Chinese");
            assert!(!has_cjk(en), "{k:?}'s English text holds Chinese: {en}");
            assert!(
                has_cjk(zh) || k == &K::AppName,
                "{k:?}'s Chinese text is untranslated: {zh}"
            );
            assert_eq!(
                latin_words(zh),
                Vec::<String>::new(),
                "{k:?}'s Chinese text holds English: {zh}"
            );
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_language_checks_catch_what_they_look_for() {
        assert_eq!(latin_words("色卡(Lab dip)"), ["Lab", "dip"]);
        assert!(latin_words("{kind}第{round}轮 AQL 2.5 USD 3,696 Wi-Fi").is_empty());
        assert!(has_cjk("标准服装") && !has_cjk("Standard garment"));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_count_says_one_thing_in_the_singular() {
        assert_eq!(count(Lang::En, ORDERS, 1), "1 order");
        assert_eq!(count(Lang::En, ORDERS, 0), "0 orders");
        assert_eq!(count(Lang::En, ORDERS, 2), "2 orders");
        assert_eq!(
            count(Lang::En, PHOTOS_WAITING, 1),
            "1 photo waiting to upload"
        );
        assert_eq!(count(Lang::Zh, PHOTOS_WAITING, 1), "1 张照片待上传");
        assert_eq!(count(Lang::En, CHECKED_ORDERS, 26), "Checked 26 orders");
        for pair in [
            ORDERS,
            CHECKED_ORDERS,
            MORE_ITEMS,
            PHOTOS_WAITING,
            PENDING_WRITES,
            SYNC_DOCS,
            BLOB_FILES,
            BLOB_ONLY_HERE,
            BLOB_NOT_HERE,
            NOTICES_UNREAD,
            OPEN_ORDERS,
            STALE_LINKS,
        ] {
            for lang in [Lang::En, Lang::Zh] {
                for n in [0, 1, 2, 11] {
                    let text = count(lang, pair, n);
                    assert!(
                        text.contains(&n.to_string()) && !text.contains('{'),
                        "{text}"
                    );
                }
            }
            // Each English singular has no plural "s" on its noun after "1".
            let one = count(Lang::En, pair, 1);
            let words: Vec<&str> = one.split_whitespace().collect();
            let noun = words
                .windows(2)
                .find(|w| w[0].trim_start_matches('+') == "1")
                .map(|w| w[1]);
            assert!(noun.is_some_and(|w| !w.ends_with('s')), "{one}");
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_person_is_named_and_a_nameless_device_is_worded() {
        assert_eq!(author_name(Lang::En, "Mei Lin"), "Mei Lin");
        assert_eq!(author_name(Lang::En, ""), "another device");
        assert_eq!(author_name(Lang::Zh, " "), "另一台设备");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_built_in_template_is_named_in_one_language_and_others_as_written() {
        let builtin = gendan_domain::tna::default_template().name;
        assert_eq!(
            template_name(Lang::En, &builtin),
            "Standard garment, 90 days"
        );
        let zh = template_name(Lang::Zh, &builtin);
        assert!(has_cjk(&zh) && latin_words(&zh).is_empty(), "{zh}");
        assert_eq!(template_name(Lang::Zh, "Knit basics"), "Knit basics");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn an_ambiguous_number_shows_both_readings_in_either_language() {
        use gendan_domain::order::{Field, Problem};
        let issue: gendan_domain::order::Issue =
            "1,500".parse::<gendan_domain::Price>().unwrap_err().into();
        let p = Problem::new(Field::UnitPrice, issue);
        let en = problem_text(Lang::En, &p);
        let zh = problem_text(Lang::Zh, &p);
        for text in [&en, &zh] {
            assert!(text.contains("1500") && text.contains("1.500"), "{text}");
            assert!(!text.contains('{'), "a parameter was left unfilled: {text}");
        }
        assert!(en.starts_with("Unit price: Could be 1500 or 1.500"), "{en}");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn every_parameter_in_a_text_is_named_the_same_in_both_languages() {
        let names = |t: &str| {
            let mut v: Vec<String> = t
                .split('{')
                .skip(1)
                .filter_map(|r| r.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v
        };
        for k in K::ALL {
            assert_eq!(names(k.text(Lang::En)), names(k.text(Lang::Zh)), "{k:?}");
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_refusal_names_the_input_and_the_rule_in_either_language() {
        use gendan_domain::order::{Field, Issue, Problem};
        let p = Problem::new(Field::Supplier, Issue::Required);
        assert_eq!(problem_text(Lang::En, &p), "Supplier: Required");
        assert_eq!(problem_text(Lang::Zh, &p), "供应商: 必填");
        let p = Problem::new(Field::ReplyDue, Issue::BeforeSent);
        assert_eq!(
            problem_text(Lang::En, &p),
            "Reply expected by: Is before the day the sample was sent"
        );
        let p = Problem::new(Field::AqlMajor, Issue::NotAStandardAql("3".into()));
        assert_eq!(
            problem_text(Lang::En, &p),
            "AQL major: Not a standard AQL such as 0.65, 1.0, 2.5 or 4.0 — 3"
        );
        assert_eq!(
            problem_text(Lang::Zh, &p),
            "AQL 严重: 不是标准 AQL 值(如 0.65、1.0、2.5、4.0) — 3"
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn an_oversized_file_is_refused_with_its_size_and_the_limit_in_either_language() {
        use gendan_domain::attachments::MAX_FILE_BYTES;
        use gendan_domain::order::{Field, Issue, Problem};
        let p = Problem::new(
            Field::Attachment,
            Issue::FileTooLarge {
                size: MAX_FILE_BYTES + 512 * 1024,
                max: MAX_FILE_BYTES,
            },
        );
        assert_eq!(
            problem_text(Lang::En, &p),
            "File: Too large (20.5 MB): at most 20 MB"
        );
        assert_eq!(
            problem_text(Lang::Zh, &p),
            "文件: 文件过大(20.5 MB):最多 20 MB"
        );
        assert_eq!(megabytes(1), "0.1");
        assert_eq!(megabytes(3 * 1024 * 1024), "3");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn browser_language_picks_the_default() {
        assert_eq!(Lang::from_code("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_code("zh-TW"), Lang::Zh);
        assert_eq!(Lang::from_code("en-US"), Lang::En);
        assert_eq!(Lang::from_code("de"), Lang::En);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn built_in_milestones_are_named_in_one_language_and_renamed_ones_as_written() {
        for m in gendan_domain::tna::default_template().milestones.values() {
            let (en, zh) = (
                milestone_name(Lang::En, &m.name),
                milestone_name(Lang::Zh, &m.name),
            );
            assert!(!has_cjk(&en), "{} in English: {en}", m.code);
            assert!(
                has_cjk(&zh) && !zh.contains(&en),
                "{} in Chinese: {zh}",
                m.code
            );
        }
        assert_eq!(
            milestone_name(Lang::En, "PP (buyer's office) 产前样"),
            "PP (buyer's office) 产前样"
        );
        assert_eq!(milestone_name(Lang::Zh, "Wash test"), "Wash test");
    }
}
