"""The error classes of issue 15, each on short news items written for these tests.

Each test names the phenomenon of news writing it checks; none of these texts comes from the evaluation sets.
"""

from __future__ import annotations

from importers import document_from_text, extract


def events(body: str, published: str | None = "2021-06-10", **front: str) -> list[tuple]:
    head = "".join(f"{k}: {v}\n" for k, v in {"published": published, **front}.items() if v)
    document = document_from_text(f"---\n{head}---\n\n{body}\n" if head else body, markdown=True)
    out = []
    for c in extract(document):
        figure = (c.figure.metric, c.figure.value) if c.figure else None
        out.append((c.type, c.date, tuple(sorted(c.parties)), figure) if figure else (c.type, c.date, tuple(sorted(c.parties))))
    return out


# ---------------------------------------------------------------- 1. dates from the publication

def test_undated_past_report_takes_the_month_of_publication():
    found = events(
        "The foreign ministers of Belarus and Laos met in Vientiane.\n\n"
        "The two ministers signed a memorandum on consultations between the ministries.",
        published="2021-06-10",
    )
    assert ("meeting.held", "2021-06", ("BY", "LA")) in found
    assert ("agreement.signed", "2021-06", ("BY", "LA")) in found


def test_publication_month_only_is_enough():
    found = events("Belarus and Nepal signed a protocol on cooperation in tourism.", published="2021-06")
    assert found == [("agreement.signed", "2021-06", ("BY", "NP"))]


def test_no_publication_date_no_guess():
    assert events("Belarus and Nepal signed a protocol on cooperation in tourism.", published=None) == []


def test_a_plan_scoped_up_to_a_year_does_not_date_its_signing():
    found = events(
        "The visit of the Belarusian prime minister to Mongolia resulted in the signing of a roadmap for the period "
        "up to 2025.",
        published="2021-06-10",
    )
    assert ("agreement.signed", "2021-06", ("BY", "MN")) in found
    assert not [e for e in found if e[1].startswith("2025")]


# ---------------------------------------------------------------- 4. signings: each named document its own event

def test_documents_signed_by_different_bodies_in_separate_sentences_are_separate_signings():
    found = events(
        "Belarus and Oman signed several documents during the visit.\n\n"
        "Oman’s Chamber of Commerce and Belarus’ Chamber of Commerce and Industry signed a cooperation agreement.\n\n"
        "The Academy of Sciences of Belarus and the Sultan Qaboos University signed a cooperation agreement.\n\n"
        "The ministries of agriculture of the two countries signed the plan of consultations for 2022-2023.",
        published="2021-06-10",
    )
    signings = [e for e in found if e[0] == "agreement.signed"]
    assert signings == [("agreement.signed", "2021-06", ("BY", "OM"))] * 4


def test_a_signing_told_again_is_one_signing():
    found = events(
        "On 3 June, Belarus and Oman signed a memorandum on cooperation in education.\n\n"
        "The memorandum was signed by the two ministers of education.",
        published="2021-06-10",
    )
    assert [e for e in found if e[0] == "agreement.signed"] == [("agreement.signed", "2021-06-03", ("BY", "OM"))]


def test_a_dateline_gives_undated_reports_its_day():
    found = events("BISHKEK, June 8 (Kabar) - Belarus and Kyrgyzstan signed a memorandum on cooperation in education.",
                   published="2021-06-09")
    assert found == [("agreement.signed", "2021-06-08", ("BY", "KG"))]
    found = events("8 июня, Минск /Корр./. Беларусь и Киргизия подписали меморандум о сотрудничестве в области образования.",
                   published="2021-06-09")
    assert found == [("agreement.signed", "2021-06-08", ("BY", "KG"))]


def test_an_attributive_signing_takes_no_publication_date():
    assert events("Белорусская сторона предложила ускорить реализацию подписанных соглашений с Монголией.") == []


# ---------------------------------------------------------------- 5. other types: meetings, credentials, visits

def test_met_a_named_person_is_a_meeting():
    found = events("The Belarusian ambassador Ivan Petrov met with Nguyen Van An, the Deputy Foreign Minister of Vietnam, "
                   "to discuss trade.")
    assert ("meeting.held", "2021-06", ("BY", "VN")) in found


def test_presenting_credentials_is_a_meeting():
    found = events("The Ambassador of Belarus presented his credentials to the Emir of Kuwait.")
    assert found == [("meeting.held", "2021-06", ("BY", "KW"))]
    found = events("Посол Беларуси вручил верительные грамоты Эмиру Кувейта.")
    assert found == [("meeting.held", "2021-06", ("BY", "KW"))]


def test_arrived_for_an_official_visit_is_a_visit():
    found = events("The Prime Minister of Belarus arrived in Hanoi on an official visit.")
    assert ("visit", "2021-06", ("BY", "VN")) in found
    found = events("Премьер-министр Беларуси находится с официальным визитом во Вьетнаме.")
    assert ("visit", "2021-06", ("BY", "VN")) in found


# ---------------------------------------------------------------- 6. figures

def test_each_sum_of_a_list_takes_the_date_written_after_it():
    found = events("Trade between Belarus and Laos totaled $13 million in 2020 and $6 million in January — June 2021, "
                   "of which $2 million is exports from Laos and $4 million — imports.")
    assert ("figure.reported", "2020", ("BY", "LA"), ("trade.turnover", 13e6)) in found
    assert ("figure.reported", "2021-01/2021-06", ("BY", "LA"), ("trade.turnover", 6e6)) in found
    exports = [c for c in extract(document_from_text(
        "---\npublished: 2021-08-01\n---\n\nTrade between Belarus and Laos totaled $6 million in January — June 2021, "
        "of which $2 million is exports from Laos and $4 million — imports.\n", markdown=True)) if c.figure and c.figure.metric != "trade.turnover"]
    assert [(c.figure.metric, c.figure.value, c.parties[0]) for c in exports] == [("trade.exports", 2e6, "LA"), ("trade.imports", 4e6, "LA")]


def test_a_figure_sentence_continues_the_period_of_the_one_before():
    found = events("Two-way trade between Belarus and Viet Nam reached $100 million last year.\n\n"
                   "Of the total, Việt Nam’s exports to Belarus were $20 million, while Belarus’ exports reached $80 million.",
                   published="2022-03-24")
    assert ("figure.reported", "2021", ("BY", "VN"), ("trade.exports", 20e6)) in found
    assert ("figure.reported", "2021", ("BY", "VN"), ("trade.exports", 80e6)) in found


def test_counts_of_documents_companies_and_listed_items():
    assert ("figure.reported", "2021-06", ("BY", "LA"), ("agreements.count", 12)) in events(
        "Twelve documents were signed as a result of the talks between Belarus and Laos.")
    assert ("figure.reported", "2021-06-10", ("BY", "NP"), ("agreements.count", 30)) in events(
        "The Prime Minister of Nepal held talks with his Belarusian counterpart.\n\n"
        "Currently, the countries are bound by more than 30 bilateral treaties.")
    assert ("figure.reported", "2021-06-10", ("BY", "SG"), ("other", 4)) in events(
        "Today, there are four Belarusian companies in Singapore.")


def test_growth_rates_are_no_figures():
    found = events("In 2020, Belarus' exports to Oman reached $30 million, up 45 per cent, and grew 3 times since 2015.")
    assert [e for e in found if e[0] == "figure.reported"] == [("figure.reported", "2020", ("BY", "OM"), ("trade.exports", 30e6))]


def test_a_shared_currency_sign_takes_the_currency_of_the_state():
    found = events("As of July 2019, a Belarusian project in Nepal operates with an investment of Rs. 7.5 million.")
    assert [e for e in found if e[0] == "figure.reported"] == [("figure.reported", "2019-07", ("BY", "NP"), ("investment", 7.5e6))]
    units = [c.figure.unit for c in extract(document_from_text(
        "---\npublished: 2020-01-01\n---\n\nAs of July 2019, a Belarusian project in Nepal operates with an investment of Rs. 7.5 million.\n",
        markdown=True)) if c.figure]
    assert units == ["NPR"]


def test_a_table_of_years_gives_one_figure_per_cell():
    found = events("Trade between Nepal and Belarus is shown in the table below:\n\n(Value in US dollars)\n\n"
                   "Year Export Import Balance\n2018 120 5000 -4880\n2019 0 7000 -7000\n", published="2020-09")
    figures = [e for e in found if e[0] == "figure.reported"]
    assert figures == [
        ("figure.reported", "2018", ("BY", "NP"), ("trade.exports", 120)),
        ("figure.reported", "2018", ("BY", "NP"), ("trade.imports", 5000)),
        ("figure.reported", "2019", ("BY", "NP"), ("trade.imports", 7000)),
    ]


def test_russian_relative_years_and_the_half_year():
    found = events("Товарооборот между Беларусью и Казахстаном в минувшем году составил 950 млн долларов США. "
                   "В первом полугодии нынешнего года он достиг 558 млн долларов.", published="2024-08-29")
    assert ("figure.reported", "2023", ("BY", "KZ"), ("trade.turnover", 950e6)) in found
    assert ("figure.reported", "2024-01/2024-06", ("BY", "KZ"), ("trade.turnover", 558e6)) in found


# ---------------------------------------------------------------- 2. enumerations: one event per date

def test_each_date_of_an_enumeration_is_its_own_event():
    assert events("The minister visited Beijing in 2003, 2010 and 2019.") == [
        ("visit", "2003", ("BY", "CN")), ("visit", "2010", ("BY", "CN")), ("visit", "2019", ("BY", "CN"))]
    assert events("Министр бывал в Ханое в 2004, 2012 и 2018 годах.") == [
        ("visit", "2004", ("BY", "VN")), ("visit", "2012", ("BY", "VN")), ("visit", "2018", ("BY", "VN"))]
    assert events("Belarusian delegations visited Hanoi in May 2014 and in June 2017.") == [
        ("visit", "2014-05", ("BY", "VN")), ("visit", "2017-06", ("BY", "VN"))]


# ---------------------------------------------------------------- 3. parties: acting state and counterpart

def test_the_country_an_envoy_is_posted_in_is_no_party():
    assert events("Посол Беларуси в ОАЭ вручил копии верительных грамот заместителю министра иностранных дел Кувейта.") == [
        ("meeting.held", "2021-06", ("BY", "KW"))]
    assert events("The Ambassador of Belarus to India met with the Foreign Minister of Nepal.") == [
        ("meeting.held", "2021-06", ("BY", "NP"))]


def test_a_restriction_is_between_who_imposes_it_and_its_target_not_the_war():
    assert events("Japan extended its sanctions against Belarus over the war in Ukraine.") == [
        ("restriction.imposed", "2021-06", ("BY", "JP"))]
    assert events("Япония расширила санкции против Беларуси в связи с войной в Украине.") == [
        ("restriction.imposed", "2021-06", ("BY", "JP"))]
    assert events("Korea’s ministry said the allies have announced export controls against Belarus since the outbreak "
                  "of the war.") == []


def test_a_multilateral_forum_is_one_event_with_all_its_participants():
    assert events("В Минске прошел Белорусско-азиатский форум, в котором приняли участие представители Вьетнама, Лаоса "
                  "и Камбоджи.") == [("meeting.held", "2021-06", ("BY", "KH", "LA", "VN"))]


# ---------------------------------------------------------------- 4. signings named in one sentence

def test_documents_coordinated_after_one_verb_are_one_signing_each():
    found = events("The presidents signed a joint communique on bilateral relations and attended the signing of an "
                   "agreement on legal assistance, a memorandum on cooperation in the oil industry, and an agreement on "
                   "emergencies between Belarus and Iran.")
    assert found.count(("agreement.signed", "2021-06", ("BY", "IR"))) == 4
    found = events("Стороны подписали меморандум о сотрудничестве в области образования и соглашение о взаимной помощи "
                   "по таможенным делам между Беларусью и Вьетнамом.")
    assert found.count(("agreement.signed", "2021-06", ("BY", "VN"))) == 2


def test_a_visit_told_again_is_one_visit():
    found = events("Премьер-министр Узбекистана прибыл в Минск с официальным визитом. "
                   "В ходе визита он провел переговоры с Премьер-министром Беларуси.")
    assert [e for e in found if e[0] == "visit"] == [("visit", "2021-06", ("BY", "UZ"))]
    assert ("meeting.held", "2021-06", ("BY", "UZ")) in found


def test_an_exchange_of_visits_is_no_visit():
    assert [e for e in events("Both sides expressed their interest in exchanging visits at all levels between Belarus "
                              "and Laos.") if e[0] == "visit"] == []


def test_meetings_with_different_counterparts_in_one_sentence_are_different_meetings():
    found = events("During the visit, the minister met President Thongloun Sisoulith, held talks with Foreign Minister "
                   "Saleumxay Kommasith, and co-chaired the fifth meeting of the Belarusian-Lao Intergovernmental "
                   "Commission.", published="2021-06-10")
    assert found.count(("meeting.held", "2021-06", ("BY", "LA"))) == 3


# ---------------------------------------------------------------- 5b. statements: one per speaker and occasion

def test_one_speaker_s_several_speech_verbs_are_one_statement():
    found = events(
        "Министр иностранных дел Беларуси Андрей Петров провел переговоры с министром иностранных дел Лаоса.\n\n"
        "Андрей Петров заявил, что Беларусь готова расширять поставки техники в Лаос. "
        "Он также подчеркнул, что стороны продолжат работу над соглашением.",
        published="2021-06-10",
    )
    statements = [e for e in found if e[0] == "statement.made"]
    assert len(statements) == 1 and statements[0][2] == ("BY", "LA")


def test_a_position_of_both_sides_is_no_named_speaker_s_statement():
    found = events(
        "Беларусь и Лаос провели консультации в Минске.\n\n"
        "Стороны выразили заинтересованность в расширении торговли.",
        published="2021-06-10",
    )
    assert not [e for e in found if e[0] == "statement.made"]


def test_a_speaker_named_beside_said_makes_a_statement():
    found = events(
        "HANOI, June 9 -- Relations between Laos and Belarus have reached a new level, said Lao Foreign "
        "Minister Khamphao Sanvong.\n\nSanvong was received by Belarusian President Alexander Lukashenko.\n\n"
        "Belarus supports the plans of Laos for new transport corridors, Lukashenko said.",
        published="2021-06-10",
    )
    statements = sorted(e for e in found if e[0] == "statement.made")
    assert statements == [("statement.made", "2021-06-09", ("BY", "LA"))] * 2


def test_said_reports_another_event_but_not_one_that_only_times_what_is_said():
    found = events(
        "Lao Foreign Minister Khamphao Sanvong said on Tuesday that Belarus and Laos signed a protocol on tourism.\n\n"
        "Minister Sanvong said trade between Laos and Belarus has grown quickly, especially after the "
        "agreement on the avoidance of double taxation with Belarus came into force in March 2019.",
        published="2021-06-10",
    )
    statements = [e for e in found if e[0] == "statement.made"]
    # the first "said" passes the signing on; the second is a position, dated when it was said, not 2019
    assert statements == [("statement.made", "2021-06-08", ("BY", "LA"))]
    assert ("agreement.in_force", "2019-03", ("BY", "LA")) in found


def test_a_named_person_s_state_is_read_from_an_apposition_not_from_what_follows_the_name():
    found = events(
        "The deputy minister of Belarus Ivan Petrov met with Khamphao Sanvong, the Lao Deputy Foreign Minister.\n\n"
        "Sanvong described the Belarusian minister's visit as an important step in relations between Belarus and Laos. "
        "Petrov expressed Belarus's interest in cooperation with Laos in agriculture.",
        published="2021-06-10",
    )
    statements = [e for e in found if e[0] == "statement.made"]
    assert len(statements) == 2  # one per speaker: Sanvong speaks for Laos, not for Belarus


def test_a_transcript_s_speaker_labels_give_one_statement_per_speaker():
    found = events(
        "The presidents of Belarus and Laos held talks in Vientiane on June 8.\n\n"
        "In 2020, trade between Belarus and Laos grew.\n\n"
        "Ivan Petrov, President of Belarus:\n\nWe have agreed on many things. We will do more.\n\n"
        "Khamphao Sanvong, President of Laos:\n\nOur friendship is strong.",
        published="2021-06-10",
    )
    statements = [e for e in found if e[0] == "statement.made"]
    # said at the talks the text told, not in the year mentioned just before
    assert statements == [("statement.made", "2021-06-08", ("BY", "LA"))] * 2


def test_a_document_that_is_one_speech_is_its_speaker_s_statement():
    found = events(
        "Your Excellency, distinguished guests.\n\nIt gives me great pleasure to welcome you to Vientiane. "
        "Our countries have been friends for many years.",
        published="2021-06-10",
        title="Speech by President Khamphao Sanvong at the State Banquet in honour of the President of Belarus",
    )
    assert ("statement.made", "2021-06-10", ("BY", "LA")) in found


def test_receiving_a_delegation_is_a_meeting():
    found = events(
        "Председатель Совета Республики Беларуси приняла делегацию парламента Лаоса.\n\n"
        "The Speaker of Belarus's parliament received the Ambassador of Laos in Minsk.",
        published="2021-06-10",
    )
    assert [e for e in found if e[0] == "meeting.held"] == [("meeting.held", "2021-06", ("BY", "LA"))] * 2


def test_a_parenthetical_before_the_speech_verb_does_not_hide_the_speaker():
    found = events(
        "Президент Беларуси провел переговоры с Президентом Лаоса Тхонглуном Сисулитом.\n\n"
        "Тхонглун Сисулит, в свою очередь, выразил уверенность, что сотрудничество Лаоса и Беларуси будет расширяться.",
        published="2021-06-10",
    )
    assert ("statement.made", "2021-06-10", ("BY", "LA")) in found


def test_whose_words_a_report_gives_is_a_statement():
    found = events(
        "По словам посла Лаоса в Беларуси, его страна рассчитывает на белорусские технологии в сельском хозяйстве.",
        published="2021-06-10",
    )
    assert found == [("statement.made", "2021-06-10", ("BY", "LA"))]


def test_met_with_an_official_named_by_a_lower_case_title_is_a_meeting():
    found = events("Александр Лукашенко встретился с эмиром Кувейта.", published="2021-06-10")
    assert found == [("meeting.held", "2021-06", ("BY", "KW"))]


def test_being_received_by_an_official_is_a_meeting():
    found = events(
        "Посол Беларуси был принят министром иностранных дел Кувейта.\n\n"
        "The Ambassador of Belarus was received by the Minister of Foreign Affairs of Laos.",
        published="2021-06-10",
    )
    assert sorted(e for e in found if e[0] == "meeting.held") == [
        ("meeting.held", "2021-06", ("BY", "KW")), ("meeting.held", "2021-06", ("BY", "LA"))]


# ---------------------------------------------------------------- 4c. packages: counted, and named inside the sentence

def test_a_counted_package_of_one_occasion_is_a_signing_and_a_count():
    found = events("Президенты Беларуси и Лаоса подписали двенадцать документов.", published="2021-06-10")
    assert ("agreement.signed", "2021-06", ("BY", "LA")) in found
    assert ("figure.reported", "2021-06", ("BY", "LA"), ("agreements.count", 12)) in found


def test_a_running_total_of_documents_is_no_signing():
    found = events("Since 2015 more than 40 documents have been signed between Belarus and Laos.", published="2021-06-10")
    assert not [e for e in found if e[0] == "agreement.signed"]


def test_a_package_whose_documents_the_sentence_names_is_the_package_and_each_document():
    found = events(
        "По итогам переговоров подписан пакет документов, в том числе соглашение о сотрудничестве в области туризма "
        "и меморандум о сотрудничестве между академиями наук Беларуси и Лаоса.",
        published="2021-06-10",
    )
    assert found.count(("agreement.signed", "2021-06", ("BY", "LA"))) == 3


def test_documents_named_among_those_signed_take_the_signing_told_before():
    found = events(
        "Беларусь и Лаос подписали пакет из девяти документов.\n\n"
        "Среди подписанных документов — соглашение о воздушном сообщении и программа сотрудничества в области "
        "образования на 2022-2024 годы.",
        published="2021-06-10",
    )
    assert found.count(("agreement.signed", "2021-06", ("BY", "LA"))) == 3
    assert ("figure.reported", "2021-06", ("BY", "LA"), ("agreements.count", 9)) in found


def test_a_plan_of_cooperation_with_an_adjective_is_a_document():
    found = events("В 2019 году министерства здравоохранения Беларуси и Лаоса подписали план двустороннего сотрудничества.")
    assert found == [("agreement.signed", "2019", ("BY", "LA"))]


# ---------------------------------------------------------------- 5c. statements whose speaker follows the verb

def test_a_speaker_after_kak_zayavil_is_a_statement():
    found = events(
        "Президент Беларуси провел переговоры с Президентом Лаоса Тхонглуном Сисулитом.\n\n"
        "Как отметил Тхонглун Сисулит, Лаос заинтересован в белорусской технике.",
        published="2021-06-10",
    )
    assert ("statement.made", "2021-06-10", ("BY", "LA")) in found


def test_an_opinion_voiced_by_an_ambassador_is_a_statement():
    found = events("Такое мнение высказал Посол Лаоса в Беларуси на пресс-конференции в Минске.", published="2021-06-10")
    assert ("statement.made", "2021-06-10", ("BY", "LA")) in found


def test_a_speaker_with_two_predicates_speaks_for_his_own_state():
    found = events(
        "Президент Беларуси Александр Лукашенко провел переговоры с Президентом Лаоса Тхонглуном Сисулитом.\n\n"
        "«Мы видим в Лаосе надежного партнера», — сказал Александр Лукашенко.\n\n"
        "Тхонглун Сисулит поблагодарил белорусскую сторону за гостеприимство и отметил, что визит был полезным.",
        published="2021-06-10",
    )
    assert found.count(("statement.made", "2021-06-10", ("BY", "LA"))) == 2  # one per speaker


def test_a_quoted_statement_at_the_talks_needs_no_state_in_its_sentence():
    found = events(
        "Президент Беларуси Александр Лукашенко провел переговоры с Президентом Лаоса Тхонглуном Сисулитом.\n\n"
        "«Мы рады гостям», — сказал Александр Лукашенко.",
        published="2021-06-10",
    )
    assert ("statement.made", "2021-06-10", ("BY", "LA")) in found


def test_a_dated_remark_elsewhere_is_not_a_statement_of_the_occasion():
    found = events(
        "Президент Беларуси Александр Лукашенко провел переговоры с Президентом Лаоса Тхонглуном Сисулитом.\n\n"
        "В марте министр связи Беларуси заявил, что цифровизация остается приоритетом правительства.",
        published="2021-06-10",
    )
    assert not [e for e in found if e[0] == "statement.made"]


# ---------------------------------------------------------------- 5d. one meeting told twice; "the same day"

def test_the_sides_discussed_goes_on_telling_the_meeting():
    found = events(
        "Министр иностранных дел Беларуси провел переговоры с министром иностранных дел Лаоса.\n\n"
        "В ходе беседы стороны обсудили вопросы торгово-экономического сотрудничества.",
        published="2021-06-10",
    )
    assert [e for e in found if e[0] == "meeting.held"] == [("meeting.held", "2021-06", ("BY", "LA"))]


def test_a_meeting_inside_a_statement_is_a_meeting_too():
    found = events(
        "Об этом Президент Беларуси заявил сегодня на встрече с министром иностранных дел Лаоса.",
        published="2021-06-10",
    )
    assert ("meeting.held", "2021-06-10", ("BY", "LA")) in found
    assert ("statement.made", "2021-06-10", ("BY", "LA")) in found


def test_the_same_day_is_the_day_last_named_not_a_coarser_date_since():
    found = events(
        "3 июня Посол Беларуси встретился с заместителем министра иностранных дел Лаоса.\n\n"
        "Стороны обсудили итоги визита делегации Лаоса в Минск в октябре 2020 г.\n\n"
        "В тот же день Посол провел встречу с министром промышленности Лаоса.",
        published="2021-06-10",
    )
    meetings = [e for e in found if e[0] == "meeting.held"]
    assert meetings.count(("meeting.held", "2021-06-03", ("BY", "LA"))) == 2


# ---------------------------------------------------------------- 6b. goals are no figures; dates of a month this year

def test_a_goal_set_for_trade_is_no_figure():
    found = events(
        "Товарооборот Беларуси и Лаоса в 2020 году составил $30 млн. Стороны поставили задачу довести его до $100 млн.\n\n"
        "Belarus and Laos set a goal of bringing trade to $200 million.",
        published="2021-06-10",
    )
    figures = [e for e in found if e[0] == "figure.reported"]
    assert figures == [("figure.reported", "2020", ("BY", "LA"), ("trade.turnover", 30e6))]


def test_a_month_of_this_year_keeps_its_month():
    found = events("Посол напомнил, что в марте текущего года в Минске состоялось заседание совместной комиссии Беларуси и Лаоса.",
                   published="2021-06-10")
    assert ("meeting.held", "2021-03", ("BY", "LA")) in found


def test_a_capital_in_any_case_names_its_state():
    found = events("Президент Беларуси 14 июня прибыл в Астану с официальным визитом.\n\n"
                   "Премьер-министр Беларуси прибыл в Эр-Рияд с рабочим визитом 2 июня.", published="2021-06-20")
    assert ("visit", "2021-06-14", ("BY", "KZ")) in found
    assert ("visit", "2021-06-02", ("BY", "SA")) in found


def test_a_forum_and_talks_told_with_verbs_of_their_own_are_two_meetings():
    found = events(
        "Президент Беларуси принял участие в бизнес-форуме Беларуси и Лаоса, а также провел переговоры с Президентом Лаоса.",
        published="2021-06-10",
    )
    assert found.count(("meeting.held", "2021-06", ("BY", "LA"))) == 2


def test_the_first_day_of_the_visit_is_the_visit_told_before():
    found = events(
        "Президент Беларуси 7 июня прибыл во Вьентьян с официальным визитом.\n\n"
        "В первый день визита он посетил Национальный музей Лаоса.",
        published="2021-06-10",
    )
    assert [e for e in found if e[0] == "visit"] == [("visit", "2021-06-07", ("BY", "LA"))]


def test_an_event_for_an_anniversary_dates_the_relations_by_year_only():
    found = events(
        "Об этом 19 января на приеме в Минске, посвященном 30-летию установления дипломатических отношений Беларуси и "
        "Лаоса, сообщил министр иностранных дел Беларуси.",
        published="2023-01-20",
    )
    assert ("relations.established", "1993", ("BY", "LA")) in found


def test_an_undated_statement_after_a_figure_is_not_dated_by_the_figures_year():
    found = events(
        "По словам министра, в 2020 году товарооборот Беларуси и Лаоса составил $30 млн.\n\n"
        "Министр иностранных дел Беларуси подчеркнул, что Лаос остается надежным партнером.",
        published="2021-06-10",
    )
    assert ("statement.made", "2021-06-10", ("BY", "LA")) in found


def test_planned_signings_joined_by_a_takzhe_are_plans_too():
    found = events(
        "Президент Беларуси в понедельник отправился с официальным визитом в Лаос.\n\n"
        "В ходе визита запланированы переговоры с Президентом Лаоса, а также подписание ряда межправительственных "
        "документов.",
        published="2021-06-10",
    )
    assert not [e for e in found if e[0] == "agreement.signed"]


def test_the_president_of_belarus_named_by_surname_alone_speaks_for_belarus():
    found = events(
        "«Лаос для нас — надежный партнер в Юго-Восточной Азии», — сказал Александр Лукашенко.",
        published="2021-06-10",
    )
    assert found == [("statement.made", "2021-06-10", ("BY", "LA"))]


# ---------------------------------------------------------------- Russian news: what a reader sees at once

def test_a_visit_named_inside_a_forecast_is_no_second_visit():
    found = events(
        "Министр обороны Индонезии находится в Беларуси с официальным визитом с 3 по 6 сентября.\n\n"
        "Глава государства выразил уверенность, что визит министра даст новый импульс сотрудничеству.",
        published="2019-09-05",
    )
    assert [e for e in found if e[0] == "visit"] == [("visit", "2019-09-03/2019-09-06", ("BY", "ID"))]


def test_a_day_range_with_po_is_an_interval():
    found = events("Делегация Монголии находилась в Минске с официальным визитом с 3 по 6 сентября 2019 г.", published="2019-09-10")
    assert ("visit", "2019-09-03/2019-09-06", ("BY", "MN")) in found


def test_a_contract_value_takes_the_date_of_its_signing():
    found = events(
        "Абу-Даби, 18 мая. Белорусско-эмиратские переговоры прошли в Абу-Даби.\n\n"
        "Представители деловых кругов двух стран заключили контракты на поставку грузовиков на сумму около $25 млн.",
        published="2022-05-18",
    )
    assert ("figure.reported", "2022-05-18", ("AE", "BY"), ("other", 25_000_000)) in found


def test_a_speaker_named_by_initial_and_surname_is_the_official_named_before():
    found = events(
        "10 февраля 2022 г. заместитель Министра иностранных дел Беларуси Евгений Шестаков принял Посла Ирана.\n\n"
        "Е.Шестаков подчеркнул заинтересованность белорусской стороны в наращивании поставок на иранский рынок.",
        published="2022-02-11",
    )
    assert ("statement.made", "2022-02-10", ("BY", "IR")) in found


def test_a_guest_also_received_at_a_ministry_is_a_meeting():
    assert events("Посол Ирана был также принят в Министерстве промышленности Беларуси.", published="2022-02-11") == [
        ("meeting.held", "2022-02", ("BY", "IR"))]
    assert events("The Iranian ambassador was also received at the Ministry of Industry of Belarus.", published="2022-02-11") == [
        ("meeting.held", "2022-02", ("BY", "IR"))]


def test_an_opinion_and_praise_are_statements_of_their_speakers():
    found = events(
        "Делегация Шри-Ланки находилась в Гомельской области с рабочим визитом.\n\n"
        "По мнению главы делегации, белорусская техника хорошо подходит для условий Шри-Ланки.",
        published="2019-11-22",
    )
    assert ("statement.made", "2019-11-22", ("BY", "LK")) in found
    found = events(
        "8 июня, Минск. Президент Беларуси провел переговоры с Президентом Казахстана Касым-Жомартом Токаевым.\n\n"
        "Касым-Жомарт Токаев, в свою очередь, высоко оценил уровень двустороннего сотрудничества.",
        published="2021-06-08",
    )
    assert ("statement.made", "2021-06-08", ("BY", "KZ")) in found


def test_the_guests_programme_on_the_day_of_their_visit_is_the_same_visit():
    found = events(
        "Гомель, 22 ноября. Делегация Шри-Ланки находилась в Гомельской области с рабочим визитом.\n\n"
        "Гости посетили ОАО «Гомсельмаш», где ознакомились с производством комбайнов.",
        published="2019-11-22",
    )
    assert [e for e in found if e[0] == "visit"] == [("visit", "2019-11-22", ("BY-HO", "LK"))]


def test_a_protocol_of_intent_is_signed_not_intended():
    found = events(
        "Делегация Шри-Ланки находилась в Гомельской области с рабочим визитом.\n\n"
        "В ходе визита подписан протокол о намерениях между ОАО «Гомсельмаш» и компанией из Шри-Ланки.",
        published="2019-11-22",
    )
    assert ("agreement.signed", "2019-11", ("BY", "LK")) in found


def test_a_place_between_met_and_whom_still_makes_a_meeting():
    assert events(
        "Председатель Совета Республики Беларуси 14 мая встретился в Пекине с Председателем Постоянного комитета ВСНП.",
        published="2018-05-15") == [("meeting.held", "2018-05-14", ("BY", "CN"))]


def test_an_imperfective_past_visit_is_a_visit():
    assert events("Последний раз белорусский лидер посещал Индию в 2007 году.", published="2017-09-11") == [
        ("visit", "2007", ("BY", "IN"))]


def test_a_short_foreign_surname_is_found_in_another_case():
    found = events(
        "Ханой, 14 июня. Премьер-министр Беларуси сегодня провел переговоры с премьер-министром Вьетнама Фам Минь Тинем.\n\n"
        "Фам Минь Тинь, в свою очередь, подчеркнул, что вьетнамская сторона заинтересована в совместном производстве.",
        published="2023-06-14",
    )
    assert ("statement.made", "2023-06-14", ("BY", "VN")) in found


def test_drawing_attention_and_telling_are_statements():
    found = events(
        "8 июня, Минск. Президент Беларуси Александр Лукашенко провел переговоры с Президентом Казахстана.\n\n"
        "Глава государства обратил внимание на необходимость наращивания поставок в Казахстан.",
        published="2021-06-08",
    )
    assert ("statement.made", "2021-06-08", ("BY", "KZ")) in found
    assert events("Посол Беларуси в Индии сообщил, что белорусская сторона заинтересована в сотрудничестве с индийскими "
                  "компаниями.", published="2021-06-08") == [("statement.made", "2021-06-08", ("BY", "IN"))]


def test_earlier_in_a_month_is_that_month_before_the_report_not_of_the_year_told_last():
    found = events(
        "Посол обсудил договоренности, достигнутые в ходе визита Президента Беларуси в Доху в 2023 году.\n\n"
        "Ранее, в феврале, белорусская делегация приняла участие в выставке «Project Qatar» в Дохе, Катар.",
        published="2024-03-05",
    )
    assert ("meeting.held", "2024-02", ("BY", "QA")) in found


def test_a_document_named_by_its_year_was_signed_that_year_also_in_a_running_total():
    found = events("Kyrgyzstan and Belarus are bound by more than 50 bilateral treaties, the key one being the 2006 Treaty "
                   "of Friendship and Cooperation.", published="2025-09-29")
    assert ("agreement.signed", "2006", ("BY", "KG")) in found
    found = events("Основой отношений остается Соглашение между Беларусью и Ираном от 12 мая 2003 года о сотрудничестве.\n\n"
                   "Стороны обсудили выполнение программы сотрудничества Беларуси и Ирана до 2025 года.", published="2020-10-05")
    assert ("agreement.signed", "2003-05-12", ("BY", "IR")) in found
    assert not [e for e in found if e[0] == "agreement.signed" and e[1].startswith("2025")]


def test_a_signing_following_the_consultations_takes_their_day():
    found = events(
        "On 11 March 2021, political consultations between the Ministries of Foreign Affairs of Belarus and Indonesia "
        "were held in Minsk.\n\n"
        "It was the first round of consultations since the visit of the Indonesian Foreign Minister to Belarus in 2016.\n\n"
        "Following the consultations, the Plan of Consultations between the two Ministries for 2021-2022 was signed.",
        published="2021-03",
    )
    assert ("agreement.signed", "2021-03-11", ("BY", "ID")) in found


def test_a_reception_is_a_meeting():
    found = events("МИНСК, 20 января. Министр иностранных дел Беларуси принял участие в торжественном приеме в посольстве "
                   "Китая.", published="2022-01-21")
    assert ("meeting.held", "2022-01-20", ("BY", "CN")) in found


def test_a_bare_title_is_the_speaker_before_with_that_title_and_a_visit_he_recalls_is_no_new_occasion():
    document = document_from_text(
        "---\npublished: 2016-05-27\n---\n\n"
        "Александр Лукашенко провел переговоры с Президентом Исламской Республики Пакистан Мамнуном Хусейном.\n\n"
        "\"Пакистан для нас - давний и надежный друг\", - сказал Президент Беларуси.\n\n"
        "Глава государства напомнил, что в ходе его визита в Исламабад в 2015 году была подписана дорожная карта.\n\n"
        "Мамнун Хусейн поблагодарил за теплый прием и отметил, что Пакистан рассчитывает на поставки белорусской техники.\n",
        markdown=True,
    )
    said = [(c.date, c.quote.split()[0].strip('"')) for c in extract(document) if c.type == "statement.made"]
    assert said == [("2016-05-27", "Пакистан"), ("2016-05-27", "Мамнун")]  # the President's one statement, then the guest's


def test_meetings_with_two_counterparts_are_two_meetings():
    found = events(
        "16-17 октября 2024 г. Посол Беларуси находился с рабочей поездкой в Пномпене.\n\n"
        "В ходе поездки Посол провел встречи с Государственным секретарем МИД Камбоджи, а также с Министром торговли "
        "Камбоджи.",
        published="2024-10-18",
    )
    assert ("visit", "2024-10-16/2024-10-17", ("BY", "KH")) in found
    assert found.count(("meeting.held", "2024-10-16/2024-10-17", ("BY", "KH"))) == 2
    assert events("Посол Беларуси встретился с министром торговли Омана и с удовлетворением отметил рост торговли.",
                  published="2022-02-11").count(("meeting.held", "2022-02", ("BY", "OM"))) == 1


def test_whose_words_a_figure_is_passed_on_in_is_no_statement_and_one_states_total_trade_is_no_bilateral_figure():
    found = events(
        "По словам посла, в минувшем году товарооборот между Беларусью и Казахстаном составил около $950 млн.\n\n"
        "Общий объем внешней торговли Казахстана в 2013 году составил $133 млрд.\n\n"
        "Внешняя торговля Беларуси с Казахстаном в 2012 году составила $1 млрд.",
        published="2014-08-29",
    )
    assert found == [
        ("figure.reported", "2013", ("BY", "KZ"), ("trade.turnover", 950_000_000)),
        ("figure.reported", "2012", ("BY", "KZ"), ("trade.turnover", 1_000_000_000)),
    ]


def test_met_with_so_a_name_before_a_colon_and_a_belief_are_told_as_such():
    found = events(
        "19 декабря, Минск. Александр Лукашенко встретился со Спикером Палаты представителей Малайзии.\n\n"
        "Лукашенко: «Мы заинтересованы в том, чтобы депутаты двух стран дружили».",
        published="2016-12-19",
    )
    assert found == [("meeting.held", "2016-12-19", ("BY", "MY")), ("statement.made", "2016-12-19", ("BY", "MY"))]
    found = events("«Малайзия готова развивать сотрудничество с Беларусью», — считает спикер парламента Малайзии.",
                   published="2016-12-19")
    assert found == [("statement.made", "2016-12-19", ("BY", "MY"))]
    assert events("Для Малайзии поставлена задача: «Обеспечить рост поставок из Беларуси».", published="2016-12-19") == []


def test_relations_kept_since_a_date_began_on_it():
    assert events("Беларусь и Кувейт поддерживают дипломатические отношения с 25 мая 1992 года.", published="2022-05-25") == [
        ("relations.established", "1992-05-25", ("BY", "KW"))]
    assert events("Дипотношения между Беларусью и Кувейтом были установлены в 1992 году.", published="2022-05-25") == [
        ("relations.established", "1992", ("BY", "KW"))]
    assert events("Belarus and Kuwait have maintained diplomatic relations since May 25, 1992.", published="2022-05-25") == [
        ("relations.established", "1992-05-25", ("BY", "KW"))]


def test_signings_told_as_an_exchange_an_adoption_or_the_end_of_talks():
    assert events("Стороны Беларуси и Ирана обменялись подписанными документами о сотрудничестве в сфере образования.",
                  published="2020-10-05") == [("agreement.signed", "2020-10", ("BY", "IR"))]
    assert events("По итогам переговоров Беларусь и Иран приняли совместное заявление.", published="2020-10-05") == [
        ("agreement.signed", "2020-10", ("BY", "IR"))]
    assert events("Утверждена программа сотрудничества между Беларусью и Ираном на 2021-2023 годы.", published="2020-10-05") == [
        ("agreement.signed", "2020-10", ("BY", "IR"))]
    assert events("Переговоры Беларуси и Ирана завершились подписанием соглашения о сотрудничестве.", published="2020-10-05") == [
        ("meeting.held", "2020-10", ("BY", "IR")), ("agreement.signed", "2020-10", ("BY", "IR"))]


def test_quarters_and_halves_by_any_ordinal_and_a_weekday_told_as_past():
    found = events(
        "В I квартале 2022 года товарооборот Беларуси и Омана составил $12 млн.\n\n"
        "В II полугодии 2021 года товарооборот Беларуси и Омана составил $20 млн.\n\n"
        "В 3-м квартале 2020 г. белорусский экспорт в Оман составил $5 млн.",
        published="2022-10-14",
    )
    assert [e[1] for e in found] == ["2022-01/2022-03", "2021-07/2021-12", "2020-07/2020-09"]
    assert events("В минувший четверг министр иностранных дел Беларуси провел переговоры с министром иностранных дел Омана.",
                  published="2022-10-14") == [("meeting.held", "2022-10-13", ("BY", "OM"))]


def test_the_head_of_a_delegation_speaks_for_the_delegations_state():
    found = events(
        "On 11 March 2021, political consultations between the Foreign Ministries of Belarus and Indonesia were held.\n\n"
        "The Belarusian delegation was headed by Deputy Foreign Minister Yevgeny Shestakov.\n\n"
        "Yevgeny Shestakov stressed that Belarus regards Indonesia as a key partner in Southeast Asia.",
        published="2021-03-12",
    )
    assert ("statement.made", "2021-03-11", ("BY", "ID")) in found


def test_talks_that_began_a_talk_and_a_courtesy_call_are_meetings():
    assert events("Нейпьидо, 28 ноября. Переговоры Президента Беларуси с руководителем Мьянмы начались в формате один на один.\n\n"
                  "Затем переговоры продолжились в расширенном составе.", published="2025-11-28") == [
        ("meeting.held", "2025-11-28", ("BY", "MM"))]
    assert events("Состоялась беседа Посла Беларуси с заместителем министра иностранных дел Лаоса.", published="2025-11-28") == [
        ("meeting.held", "2025-11", ("BY", "LA"))]
    assert events("Посол Беларуси в Лаосе нанес визит вежливости министру иностранных дел Лаоса.", published="2025-11-28") == [
        ("meeting.held", "2025-11", ("BY", "LA"))]
    assert events("The Ambassador of Belarus paid a courtesy call on the Foreign Minister of Laos.", published="2025-11-28") == [
        ("meeting.held", "2025-11", ("BY", "LA"))]


def test_a_speaker_named_at_the_talks_speaks_about_the_relationship_without_naming_a_state():
    found = events(
        "Нейпьидо, 28 ноября. Александр Лукашенко провел переговоры с исполняющим обязанности Президента Мьянмы Мин Аун "
        "Хлайном.\n\n"
        "Мин Аун Хлайн приветствовал белорусского лидера и выразил надежду, что визит станет историческим.",
        published="2025-11-28",
    )
    assert ("statement.made", "2025-11-28", ("BY", "MM")) in found
    assert events("Белорусская сторона выразила надежду на успех.", published="2025-11-28") == []


def test_a_speaker_who_said_for_his_part_is_named():
    found = events(
        "HANOI, May 15 (Test) -- Vietnamese Prime Minister Pham Minh Chinh on Wednesday held talks with visiting "
        "Belarusian Prime Minister Roman Golovchenko.\n\n"
        "Golovchenko, for his part, said Belarus is ready to expand the supply of potash fertilizers to Vietnam.",
        published="2024-05-16",
    )
    assert ("statement.made", "2024-05-15", ("BY", "VN")) in found


def test_met_with_a_governor_is_a_meeting():
    assert events("On August 9, 2023, Ambassador of Belarus to India Andrei Rzheussky met with the Governor of Maharashtra, "
                  "India.", published="2023-08-10") == [("meeting.held", "2023-08-09", ("BY", "IN-MH"))]


def test_two_speakers_of_two_sides_in_one_sentence_make_two_statements():
    document = document_from_text(
        "---\npublished: 2022-11-17\n---\n\n"
        "MUSCAT, Nov 16 -- Oman's Minister of Commerce Qais Al Yousef and Belarus' Minister of Industry Pyotr Parkhomchik "
        "co-chaired the third session of the Omani-Belarusian joint committee.\n\n"
        "Al Yousef said Oman welcomed Belarusian investment in the Duqm free zone, while Parkhomchik noted that Belarus "
        "was ready to supply trucks to the Sultanate.\n",
        markdown=True,
    )
    sides = sorted(c.attrs.get("_side") for c in extract(document) if c.type == "statement.made")
    assert sides == ["BY", "OM"]


def test_a_return_visit_takes_the_date_of_its_own_conjunct():
    found = events(
        "The dialogue began in May 2014 with the visit of the Speaker of Laos to Belarus and the return visit to Laos "
        "of a Belarusian delegation led by Speaker Ivan Petrov in March 2015.",
        published="2021-06-10",
    )
    visits = sorted(e[1] for e in found if e[0] == "visit")
    assert visits == ["2014-05", "2015-03"]
    document = document_from_text(
        "---\npublished: 2021-06-10\n---\n\nThe dialogue began in May 2014 with the visit of the Speaker of Laos to "
        "Belarus and the return visit to Laos of a Belarusian delegation led by Speaker Ivan Petrov in March 2015.\n",
        markdown=True,
    )
    ways = sorted((c.date, c.attrs["from"], c.attrs["to"], c.attrs["visitor"]) for c in extract(document) if c.type == "visit")
    assert [w[:3] for w in ways] == [("2014-05", "LA", "BY"), ("2015-03", "BY", "LA")]
    assert ways[1][3] == "Speaker Ivan Petrov" and "return visit" not in ways[0][3]


def test_this_year_does_not_date_the_undated_reports_after_it():
    found = events(
        "This year's forum is devoted to digital trade. On the margins of the forum, the Belarusian minister had a meeting with the Minister of Trade of Laos.",
        published="2021-06-10",
    )
    assert ("meeting.held", "2021-06", ("BY", "LA")) in found


def test_the_state_of_a_venue_in_brackets_is_no_party_of_an_organization_s_assembly():
    found = events(
        "The Belarusian deputy speaker took part in the opening ceremony of the ASEAN Inter-Parliamentary Assembly, "
        "held in Vientiane (Laos) on June 7-9.",
        published="2021-06-10",
    )
    assert [e for e in found if e[0] == "meeting.held"] == [("meeting.held", "2021-06-07/2021-06-09", ("ASEAN", "BY"))]


def test_months_listed_before_a_year_share_it():
    found = events("Belarus and Laos held political consultations in Vientiane in March and October 2019.", published="2021-06-10")
    assert sorted(e[1] for e in found if e[0] == "meeting.held") == ["2019-03", "2019-10"]


def test_dates_paired_respectively_with_states_keep_the_pair_of_belarus():
    found = events(
        "Singapore's trade ministry expanded export controls against Russia and Belarus in March and June 2022, "
        "respectively.",
        published="2023-01-11",
    )
    assert [e for e in found if e[0] == "restriction.imposed"] == [("restriction.imposed", "2022-06", ("BY", "SG"))]


def test_a_restriction_told_again_by_the_ministry_of_the_text_is_imposed_by_its_state():
    found = events(
        "Singapore's Ministry of Trade and Industry (MTI) said it had amended the list of goods exported to Russia and "
        "Belarus on 4 January, expanding the items under export controls.\n\n"
        "The MTI said it had added 40 items to the new export controls list. Previously, the MTI had expanded export "
        "controls against Russia and Belarus on 30 items in May 2022.\n\n"
        "The MTI held a discussion with manufacturers to exchange views on expanding export controls in late 2022. "
        "The MTI urges exporters to comply with export control regulations before carrying out transactions to Russia "
        "and Belarus.",
        published="2023-01-11",
    )
    restrictions = [e for e in found if e[0] == "restriction.imposed"]
    assert restrictions == [("restriction.imposed", "2023-01-04", ("BY", "RU", "SG")),
                            ("restriction.imposed", "2022-05", ("BY", "RU", "SG"))]
    assert ("statement.made", "2023-01-11", ("BY", "RU", "SG")) in found


def test_a_host_who_was_visited_by_the_guest_held_a_meeting():
    found = events(
        "The Minister of Foreign Affairs of Belarus arrived in Vientiane on an official visit on 8 June 2021.\n\n"
        "The Speaker of the National Assembly was visited by Mr. Petrov as part of the Belarusian minister’s courtesy "
        "call.",
        published="2021-06-10",
    )
    assert ("meeting.held", "2021-06-08", ("BY", "LA")) in found


def test_companies_at_work_in_a_state_since_a_year_started_there_then():
    assert events("Leading Belarusian companies have been working in Laos since 2015.", published="2021-06-10") == [
        ("venture.started", "2015", ("BY", "LA"))]
    assert events("Белорусские компании работают в Лаосе с 2015 года.", published="2021-06-10") == [
        ("venture.started", "2015", ("BY", "LA"))]
    assert events("Belarusian companies have been working in Laos.", published="2021-06-10") == []


def test_an_organization_joined_to_a_state_in_a_document_s_name_is_a_party():
    found = events(
        "Trade has grown since the Singapore-Eurasian Economic Union Free Trade Agreement, to which Belarus is a "
        "signatory, came into force in December 2019.",
        published="2021-06-10",
    )
    assert found == [("agreement.in_force", "2019-12", ("BY", "EAEU", "SG"))]


def test_documents_named_in_the_sentence_after_a_package_are_signings_of_their_own():
    found = events(
        "Президент Беларуси провел переговоры с Президентом Лаоса.\n\n"
        "По итогам переговоров подписан пакет документов. В их числе соглашение о сотрудничестве в области образования "
        "и меморандум о взаимопонимании между министерствами сельского хозяйства.",
        published="2024-04-15",
    )
    assert [e for e in found if e[0] == "agreement.signed"] == [("agreement.signed", "2024-04", ("BY", "LA"))] * 3
    english = events(
        "The President of Belarus held talks with the President of Laos.\n\n"
        "Following the talks, the sides signed a package of documents. Among them is an agreement on cooperation in "
        "education.",
        published="2024-04-15",
    )
    assert [e for e in english if e[0] == "agreement.signed"] == [("agreement.signed", "2024-04", ("BY", "LA"))] * 2
    assert events("Among them is an agreement on cooperation in education between Belarus and Laos.", published="2024-04-15") == []


def test_talks_told_again_on_their_day_are_one_meeting():
    found = events(
        "Минск, 15 апреля. Президент Беларуси Александр Лукашенко провел переговоры с Президентом Лаоса. Переговоры "
        "прошли в узком и расширенном составах.",
        published="2024-04-15",
    )
    assert found == [("meeting.held", "2024-04-15", ("BY", "LA"))]


def test_an_accord_to_set_up_a_body_does_not_set_it_up():
    assert events("В ходе переговоров достигнута договоренность о создании межправительственной комиссии между Беларусью "
                  "и Лаосом.", published="2012-01-20") == []
    assert events("An agreement was reached on the establishment of a joint intergovernmental commission between Belarus "
                  "and Laos.", published="2012-01-20") == []


def test_a_delegation_that_met_with_the_leadership_of_a_body_held_a_meeting():
    assert events("On 20 May 2019 the Iraqi delegation met with the leadership of the Belarusian Chamber of Commerce and "
                  "Industry.", published="2019-05-21") == [("meeting.held", "2019-05-20", ("BY", "IQ"))]
    assert events("20 мая 2019 года иракский дипломат встретился с руководством Белорусской торгово-промышленной палаты.",
                  published="2019-05-21") == [("meeting.held", "2019-05-20", ("BY", "IQ"))]


def test_diplomatic_relations_that_date_back_to_a_year_were_established_then():
    assert events("Diplomatic relations between Belarus and Kuwait date back to 1993.", published="2025-03-01") == [
        ("relations.established", "1993", ("BY", "KW"))]
    assert events("Между Беларусью и Кувейтом дипломатические отношения существуют с 1993 года.", published="2025-03-01") == [
        ("relations.established", "1993", ("BY", "KW"))]


def test_a_ministry_that_said_in_a_statement_made_a_statement_and_the_talks_it_tells_are_the_talks_of_the_day():
    found = events(
        "TEHRAN, August 20. Iranian President Masoud Pezeshkian held talks with Belarusian Prime Minister Alexander "
        "Turchin in Tehran today.\n\n"
        "The Iranian Foreign Ministry said in a statement that the two sides discussed trade and transport.",
        published="2025-08-20",
    )
    assert found == [("meeting.held", "2025-08-20", ("BY", "IR")), ("statement.made", "2025-08-20", ("BY", "IR"))]


def test_a_call_for_more_and_a_hope_for_trade_are_statements_and_an_invitation_to_visit_is_no_visit():
    found = events(
        "TEHRAN, August 20. Iranian President Masoud Pezeshkian held talks with Belarusian Prime Minister Alexander "
        "Turchin in Tehran today.\n\n"
        "Pezeshkian called for the expansion of economic ties between Tehran and Minsk.\n\n"
        "Turchin, for his part, invited Pezeshkian to visit Minsk.\n\n"
        "The Belarusian premier expressed hope that trade would reach $500 million.",
        published="2025-08-20",
    )
    assert sorted(e for e in found if e[0] != "meeting.held") == [("statement.made", "2025-08-20", ("BY", "IR"))] * 2
    assert events("Лукашенко пригласил Президента Лаоса посетить Беларусь с официальным визитом.", published="2025-08-20") == []


def test_its_imports_belong_to_the_state_whose_exports_the_sentence_told_first():
    found = events("Vietnam exported USD 110 million worth of goods to Belarus last year, while its imports from Belarus "
                   "were valued at USD 76 million.", published="2021-03-24")
    document = document_from_text("---\npublished: 2021-03-24\n---\n\nVietnam exported USD 110 million worth of goods to "
                                  "Belarus last year, while its imports from Belarus were valued at USD 76 million.\n",
                                  markdown=True)
    assert [(c.figure.metric, c.parties[0]) for c in extract(document)] == [("trade.exports", "VN"), ("trade.imports", "VN")]
    assert len(found) == 2


def test_a_visit_a_speaker_assesses_is_the_visit_told_before():
    found = events(
        "Ташкент, 23 мая. Президент Беларуси Александр Лукашенко завершил государственный визит в Узбекистан.\n\n"
        "Накануне Александр Лукашенко и Президент Узбекистана Шавкат Мирзиёев провели переговоры.\n\n"
        "Шавкат Мирзиёев назвал визит белорусского лидера историческим.",
        published="2024-05-23",
    )
    assert [e for e in found if e[0] == "visit"] == [("visit", "2024-05-23", ("BY", "UZ"))]
    assert ("statement.made", "2024-05-22", ("BY", "UZ")) in found


def test_an_envoy_who_discussed_matters_with_a_minister_held_a_meeting():
    assert events("Посол Беларуси в Лаосе обсудил с министром промышленности Лаоса вопросы поставок техники.",
                  published="2025-08-20") == [("meeting.held", "2025-08", ("BY", "LA"))]
    assert events("The Ambassador of Belarus discussed with the Minister of Industry of Laos the supply of machinery.",
                  published="2025-08-20") == [("meeting.held", "2025-08", ("BY", "LA"))]


def test_a_guest_who_was_welcomed_is_on_a_visit():
    assert events("The leaders of Belarus and Laos held talks in Vientiane on June 8. The Belarusian guest was welcomed "
                  "warmly in the Lao land.", published="2021-06-10") == [
        ("meeting.held", "2021-06-08", ("BY", "LA")), ("visit", "2021-06-08", ("BY", "LA"))]
    assert ("visit", "2021-06-08", ("BY", "LA")) in events(
        "8 июня лидеры Беларуси и Лаоса провели переговоры во Вьентьяне. Белорусский гость был тепло встречен на лаосской "
        "земле.", published="2021-06-10")


def test_a_signing_said_to_bring_something_was_done_at_the_occasion():
    found = events("The signing of the Avoidance of Double Taxation Agreement between Belarus and Laos will provide a "
                   "stronger framework for cooperation.", published="2013-03-21")
    assert found == [("agreement.signed", "2013-03", ("BY", "LA"))]
    assert events("The signing of the agreement between Belarus and Laos will take place in May.", published="2013-03-21") == []
    assert events("Подписание соглашения между Беларусью и Лаосом позволит расширить торговлю.", published="2013-03-21") == [
        ("agreement.signed", "2013-03", ("BY", "LA"))]


def test_an_organization_s_member_countries_are_not_the_organization():
    found = events(
        "The Belarusian deputy speaker arrived in Vientiane (Laos) for the ASEAN Inter-Parliamentary Assembly on June 7. "
        "The program of the visit includes meetings with the heads of delegations of ASEAN countries.",
        published="2021-06-10",
    )
    assert [e for e in found if e[0] == "visit"] == [("visit", "2021-06-07", ("BY", "LA"))]
