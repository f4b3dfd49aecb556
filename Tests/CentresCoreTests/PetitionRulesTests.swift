import CentresCore
import CentresTestSupport
import Testing

@Suite struct PetitionRulesTests {
    static let actions: [PetitionAction] = [
        .submit, .withdraw, .approve, .reject(reason: "Not about a council matter"), .revise, .close,
    ]

    /// Every state × action: exactly the drawn transitions are allowed.
    @Test func theStateMachineAllowsExactlyItsTransitions() {
        let allowed: [PetitionState: [String: PetitionState]] = [
            .draft: ["submit": .awaitingModeration],
            .awaitingModeration: ["withdraw": .draft, "approve": .open, "reject": .rejected],
            .rejected: ["revise": .draft],
            .open: ["close": .closed],
            .closed: [:],
        ]
        for state in PetitionState.allCases {
            for action in Self.actions {
                let expected = allowed[state]![action.name]
                let got = try? state.applying(action)
                #expect(got == expected, "\(state) + \(action.name)")
            }
        }
        #expect(throws: PetitionTransitionError.self) { try PetitionState.awaitingModeration.applying(.reject(reason: "  ")) }
        #expect(PetitionState.allCases.filter(\.isPublic) == [.open, .closed])
        #expect(Self.actions.filter(\.isModeration).map(\.name) == ["approve", "reject"])
    }

    static func petition(closes: SimpleDate, state: PetitionState = .draft) -> Petition {
        Petition(
            id: "p", title: "Keep Holt open", action: "Keep the centre open", background: "It serves 300 families.",
            addressedTo: "Norfolk County Council", closesOn: closes, schemeID: "norfolk-county-council", organisationID: nil,
            state: state)
    }

    @Test func anOpenPetitionClosesAfterItsDate() {
        let d = SimpleDate(year: 2026, month: 12, day: 1)!
        let p = Self.petition(closes: d, state: .open)
        #expect(p.state(on: d) == .open)
        #expect(p.state(on: d.adding(days: 1)!) == .closed)
        #expect(Self.petition(closes: d, state: .draft).state(on: d.adding(days: 5)!) == .draft)
    }

    @Test func problemsNameTheirFields() {
        let today = SimpleDate(year: 2026, month: 11, day: 22)!
        #expect(Self.petition(closes: today.adding(days: 30)!).problems(today: today).isEmpty)
        var p = Self.petition(closes: today)
        (p.title, p.action) = (" ", String(repeating: "x", count: 1_001))
        #expect(p.problems(today: today).map(\.field) == ["title", "action", "closes_on"])
        #expect(Self.petition(closes: today.adding(days: 367)!).problems(today: today).map(\.field) == ["closes_on"])
        #expect(Self.petition(closes: today.adding(days: 366)!).problems(today: today).isEmpty)
    }

    @Test func schemesDecideWhoMaySign() {
        let s = PetitionScheme.norfolk
        #expect(s.problem == nil && s.thresholds.map(\.count) == [20, 4_500])
        #expect(s.refusal(reason: .live, postcodeInArea: true) == nil)
        #expect(s.refusal(reason: .live, postcodeInArea: false) != nil)
        #expect(s.refusal(reason: .work, postcodeInArea: false) == nil && s.refusal(reason: .study, postcodeInArea: false) == nil)
        var strict = s
        strict.outsideArea = .refuse
        #expect(EligibilityReason.allCases.allSatisfy { strict.refusal(reason: $0, postcodeInArea: false) != nil })
        strict.reasons = [.live]
        #expect(strict.refusal(reason: .work, postcodeInArea: true) != nil)
        var broken = s
        broken.debateThreshold = 10
        #expect(broken.problem != nil)
    }

    @Test func canonicalEmailsFindTheSameMailbox() {
        let same = [
            ("Jo.Bloggs+petition@GoogleMail.com", "jobloggs@gmail.com"), ("j.o.bloggs@gmail.com", "jobloggs@gmail.com"),
            ("jo.bloggs+x@outlook.com", "jo.bloggs@outlook.com"), ("Jo.Bloggs+x@example.org", "jo.bloggs+x@example.org"),
            ("  PARENT@Example.ORG ", "parent@example.org"),
        ]
        for (raw, canonical) in same { #expect(SignatoryRules.canonicalEmail(raw) == canonical, "\(raw)") }
        #expect(SignatoryRules.canonicalEmail("jo.bloggs@outlook.com") != SignatoryRules.canonicalEmail("jobloggs@outlook.com"))

        // Any Gmail spelling of one mailbox (dots anywhere, any tag, any case) maps to one address; canonical is idempotent.
        var rng = SeededGenerator(seed: 6)
        for _ in 0..<500 {
            let local = String((0..<Int.random(in: 3...10, using: &rng)).map { _ in "abcdefgh".randomElement(using: &rng)! })
            var spelled = ""
            for ch in local {
                spelled.append(Bool.random(using: &rng) ? Character(ch.uppercased()) : ch)
                if Bool.random(using: &rng) { spelled.append(".") }
            }
            if Bool.random(using: &rng) { spelled += "+tag\(Int.random(in: 0...99, using: &rng))" }
            let domain = Bool.random(using: &rng) ? "gmail.com" : "GoogleMail.com"
            let c = SignatoryRules.canonicalEmail(spelled + "@" + domain)
            #expect(c == local + "@gmail.com")
            #expect(SignatoryRules.canonicalEmail(c) == c)
        }
    }

    @Test func namesThatAreFormulasOrAddressesAreRefused() {
        for ok in ["Jo Bloggs", "Mary-Jane O'Neil", "Zoë Ørsted", "Dr A. N. Other", "李小龍"] {
            #expect(SignatoryRules.nameProblem(ok) == nil, "\(ok)")
        }
        for bad in [
            "=HYPERLINK(\"x\")", "+44 1603", "-1", "@home", "https://spam.example", "www.spam.example", "buy cheap.com", "", "  ",
            "1234",
        ] {
            #expect(SignatoryRules.nameProblem(bad) != nil, "\(bad)")
        }
    }

    /// `adding(days:)` against counting one day at a time, over leap years and month ends.
    @Test func addingDaysMatchesCountingDays() {
        func next(_ d: SimpleDate) -> SimpleDate {
            if d.day < SimpleDate.daysIn(month: d.month, year: d.year) {
                return SimpleDate(year: d.year, month: d.month, day: d.day + 1)!
            }
            if d.month < 12 { return SimpleDate(year: d.year, month: d.month + 1, day: 1)! }
            return SimpleDate(year: d.year + 1, month: 1, day: 1)!
        }
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let y = Int.random(in: 1999...2030, using: &rng), m = Int.random(in: 1...12, using: &rng)
            let start = SimpleDate(year: y, month: m, day: Int.random(in: 1...SimpleDate.daysIn(month: m, year: y), using: &rng))!
            let n = Int.random(in: 0...800, using: &rng)
            var slow = start
            for _ in 0..<n { slow = next(slow) }
            #expect(start.adding(days: n) == slow)
            #expect(slow.adding(days: -n) == start)
        }
    }
}

@Suite struct BlocklistTests {
    @Test func rangesMatchTheirAddressesOnly() throws {
        let r = try #require(IPRange("203.0.113.0/24"))
        #expect(r.contains("203.0.113.77") && !r.contains("203.0.114.1") && !r.contains("2001:db8::1"))
        #expect(r.description == "203.0.113.0/24")
        let odd = try #require(IPRange("10.0.0.0/9"))
        #expect(odd.contains("10.127.255.255") && !odd.contains("10.128.0.0"))
        let v6 = try #require(IPRange("2001:DB8::/32"))
        #expect(v6.contains("2001:db8:ffff::1") && !v6.contains("2001:db9::1") && v6.description == "2001:db8::/32")
        #expect(IPRange("192.0.2.1")?.contains("192.0.2.1") == true && IPRange("192.0.2.1")?.contains("192.0.2.2") == false)
        for bad in ["300.1.1.1", "1.2.3.4/33", "not an address", "::1/129", ""] { #expect(IPRange(bad) == nil, "\(bad)") }
    }

    @Test func blocklistsBlockRangesDomainsAndMailboxes() {
        var b = Blocklist()
        #expect(b.add(.ipRange, "198.51.100.0/24") == "198.51.100.0/24")
        #expect(b.add(.domain, "@Spam.Example") == "spam.example")
        #expect(b.add(.email, "Bad.Actor+x@gmail.com") == "badactor@gmail.com")
        #expect(b.add(.domain, "no-dot") == nil && b.add(.email, "nope") == nil && b.add(.ipRange, "1.2.3") == nil)
        #expect(b.blocks(client: "198.51.100.9", email: "ok@example.org"))
        #expect(b.blocks(client: nil, email: "x@mail.spam.example") && b.blocks(client: nil, email: "x@spam.example"))
        #expect(!b.blocks(client: nil, email: "x@notspam.example"))
        #expect(b.blocks(client: "192.0.2.1", email: "b.a.d.actor@googlemail.com"))
        #expect(!b.blocks(client: "192.0.2.1", email: "good@gmail.com"))
    }
}
