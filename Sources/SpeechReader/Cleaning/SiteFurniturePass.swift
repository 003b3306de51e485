import Foundation

/// Web page furniture: breadcrumbs, publish stamps, view counts, membership and ad banners,
/// 上一篇/下一篇, 收藏《…》, page counters, lines of dots or symbols.
/// A line is removed whole only when it is short and what it says is furniture; fragments
/// (收藏《…》, 第1页共10页) are cut out of the line that carries them.
struct SiteFurniturePass: CleaningPass {
    let name = "site-furniture"

    struct LineRule {
        var name: String
        var maxLength: Int
        /// The regex only runs on lines holding one of these (cheap substring tests first:
        /// Swift's Regex is slow, and most lines are speech text).
        var keywords: [String]
        var pattern: Regex<AnyRegexOutput>

        /// `keywordGroups` has bit i set when rule i's keywords occur in the line.
        func matches(_ line: String, length: Int, keywordGroups: UInt32, index: Int) -> Bool {
            length <= maxLength && (keywords.isEmpty || keywordGroups & (1 << index) != 0) && line.wholeMatch(of: pattern) != nil
        }
    }

    nonisolated(unsafe) static let lineRules: [LineRule] = [
        LineRule(name: "breadcrumb", maxLength: 200, keywords: ["位置", ">>", "»", "＞＞", "->", "首页"], pattern: try! Regex(
            #"^(您的位置|当前位置|您现在的位置|所在位置|现在位置|位置)\s*[:：].*|.*(>>|»|＞＞|->).*(正文|首页).*|^首页\s*(>|＞|»|/).*"#)),
        LineRule(name: "publish-stamp", maxLength: 80, keywords: ["时间", "日期", "来源", "作者", "编辑", "次数", "浏览", "阅读", "点击", "字数"], pattern: try! Regex(
            #"^(发表时间|发布时间|发布日期|更新时间|上传时间|来源|文章来源|作者|编辑|责任编辑|浏览次数|阅读次数|点击次数|浏览|阅读|点击|字数)\s*[:：].*"#)),
        LineRule(name: "publish-stamp", maxLength: 40, keywords: ["-", "/", "."], pattern: try! Regex(
            #"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?$"#)),
        LineRule(name: "view-count", maxLength: 40, keywords: ["浏览", "阅读", "点击", "人气"], pattern: try! Regex(
            #"^(浏览|阅读|点击|人气)\s*[:：]?\s*\d+\s*次?$|^\d+\s*(次浏览|次阅读|人阅读|阅读)$"#)),
        LineRule(name: "banner", maxLength: 80, keywords: bannerWords, pattern: try! Regex(
            #".*(仅供学习|禁止外传|会员群|QQ群|qq群|打击倒卖|举报倒卖|VIP专免|侵权投诉|微信扫一扫|扫一扫|扫码关注|本文标题\s*[:：]|链接地址\s*[:：]|本文链接|版权声明|客服微信|免费下载|立即下载|下载文档|开通会员|升级会员|充值会员|点击下载|分享到\s*[:：]|相关推荐|猜你喜欢|热门文章|推荐阅读|返回首页|打印本页|关闭窗口|复制链接|加入收藏|设为首页).*"#)),
        LineRule(name: "banner", maxLength: 30, keywords: ["注册", "登陆", "登录", "首页", "退出", "帮助", "中心", "地图", "联系", "收藏", "投稿", "搜索"], pattern: try! Regex(
            #"^((注册|登陆|登录|首页|退出|帮助|会员中心|个人中心|网站地图|联系我们|收藏本站|投稿|搜索)[\s|｜/、·]*)+$"#)),
        LineRule(name: "prev-next", maxLength: 200, keywords: ["上一篇", "下一篇"], pattern: try! Regex(#"^\s*(上一篇|下一篇|上一篇文章|下一篇文章)\s*[:：].*"#)),
        LineRule(name: "ellipsis-line", maxLength: 20, keywords: [], pattern: try! Regex(#"^[…\.。·\s]+$"#)),
        LineRule(name: "symbol-line", maxLength: 80, keywords: [], pattern: try! Regex(#"^[-—=_*＊~～#＃·•\s]{3,}$"#)),
    ]

    /// Every rule's keywords, one group per rule, then the fragments' keywords: one scan a line.
    static let keywords = KeywordSet(lineRules.map(\.keywords) + fragments.map { [$0.keyword] })

    static let bannerWords = ["仅供学习", "禁止外传", "会员群", "QQ群", "qq群", "打击倒卖", "举报倒卖", "VIP专免", "侵权投诉", "扫一扫",
                              "扫码关注", "本文标题", "链接地址", "本文链接", "版权声明", "客服微信", "免费下载", "立即下载", "下载文档",
                              "开通会员", "升级会员", "充值会员", "点击下载", "分享到", "相关推荐", "猜你喜欢", "热门文章", "推荐阅读",
                              "返回首页", "打印本页", "关闭窗口", "复制链接", "加入收藏", "设为首页"]

    nonisolated(unsafe) static let fragments: [(name: String, keyword: String, pattern: Regex<AnyRegexOutput>)] = [
        ("favourite", "收藏", try! Regex(#"[（(]?\s*收藏\s*《[^》]{1,120}》\s*[）)]?"#)),
        ("page-counter", "页", try! Regex(#"[（(]?\s*第\s*\d+\s*页\s*[/,，]?\s*共\s*\d+\s*页\s*[）)]?|上一页\s*下一页"#)),
    ]

    /// Lines that could be a symbol or ellipsis line: short, with no Han character.
    static func mayBeSymbols(_ line: String) -> Bool {
        line.utf8.count <= 240 && !line.unicodeScalars.contains { CJK.isHan($0) }
    }

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        var kept: [SourceLine] = []
        kept.reserveCapacity(lines.count)
        let rules = Self.lineRules, fragments = Self.fragments, keywords = Self.keywords
        let lineRuleBits: UInt32 = (1 << rules.count) - 1
        for var line in lines {
            if line.isBlank { kept.append(line); continue }
            let symbolsOnly = Self.mayBeSymbols(line.text)
            let found = keywords.matches(line.text)
            // No rule applies to a line with none of their keywords that is not all symbols.
            if symbolsOnly || found & lineRuleBits != 0 {
                // No rule takes a line longer than 200 characters; a UTF-8 length bounds that
                // cheaply. Scalars, not Characters: no grapheme breaking for a length bound.
                let length = line.text.utf8.count > 800 ? Int.max : line.text.unicodeScalars.count
                if let index = rules.indices.first(where: { index in
                    (rules[index].keywords.isEmpty ? symbolsOnly : true)
                        && rules[index].matches(line.text, length: length, keywordGroups: found, index: index)
                }) {
                    report.removed.append(Removal(rule: rules[index].name, line: line.number, text: line.text))
                    continue
                }
            }
            for (index, (rule, _, pattern)) in fragments.enumerated()
            where found & (1 << (rules.count + index)) != 0 && line.text.contains(pattern) {
                var cut: [String] = []
                line.text = line.text.replacing(pattern) { match in
                    cut.append(String(line.text[match.range]))
                    return ""
                }.trimmingSpaces
                report.removed.append(Removal(rule: rule, line: line.number, text: cut.joined(separator: " ")))
            }
            if !line.isBlank { kept.append(line) }
        }
        lines = kept
    }
}
