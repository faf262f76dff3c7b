/* Text normalisation: what a listener hears for written forms, class by
 * class and language by language (the rules shipped in voices/normalise/),
 * and the rules' loading: the more specific file wins, a language without
 * rules is read as written, a mistake names its file, line and key. The
 * expected readings follow the style guides of each language (Guardian and
 * BBC, Chicago and AP, Duden, Académie, RAE). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/normalise.h"
#include "check.h"

struct reading {
    const char *written;
    const char *said;
};

static struct aloud_normaliser *open_lang(const char *lang)
{
    struct aloud_normaliser *n = NULL;
    char *err = NULL;
    if (aloud_normaliser_open(ALOUD_SOURCE_VOICES_DIR, lang, &n, &err) != 0) {
        fprintf(stderr, "cannot open the rules for %s: %s\n", lang, err ? err : "?");
        check_failures++;
    }
    free(err);
    return n;
}

/* Each reading, with the written form named when it fails. */
static void expect(const char *lang, const struct reading *r, size_t count)
{
    struct aloud_normaliser *n = open_lang(lang);
    if (!n)
        return;
    for (size_t i = 0; i < count; i++) {
        char *got = aloud_normalise_text(n, r[i].written);
        check_count++;
        if (strcmp(got, r[i].said) != 0) {
            check_failures++;
            fprintf(stderr, "%s: \"%s\"\n    said \"%s\"\n    want \"%s\"\n", lang, r[i].written,
                    got, r[i].said);
        }
        free(got);
    }
    aloud_normaliser_free(n);
}

#define EXPECT(lang, table) expect(lang, table, sizeof table / sizeof table[0])

/* --- British English ----------------------------------------------------- */

static void test_en_gb_numbers(void)
{
    static const struct reading r[] = {
        /* cardinals with "and" after hundreds, separators, decimals */
        {"105", "one hundred and five"},
        {"2,006", "two thousand and six"},
        {"1,250 people", "one thousand two hundred and fifty people"},
        {"1,000,000", "one million"},
        {"3.14", "three point one four"},
        {"0.5", "nought point five"},
        {"It fell -5 points", "It fell minus five points"},
        {"007", "zero zero seven"},
        /* a plain space groups thousands, not a telephone number */
        {"1 000 000", "one million"},
        {"They counted 10 000 birds", "They counted ten thousand birds"},
        {"Joe 74 100% 7 tackles", "Joe seventy-four one hundred per cent seven tackles"},
        {"Call 555 123 4567", "Call five five five, one two three, four five six seven"},
        /* ordinals */
        {"1st, 22nd, 3rd and 11th", "first, twenty-second, third and eleventh"},
        {"the 101st", "the one hundred and first"},
        /* fractions */
        {"1/2 and 3/4", "a half and three quarters"},
        {"½ and 1½", "a half and one and a half"},
        {"½ a mile and 1/2 cup", "half a mile and one half cup"},
        {"up by 1/3.", "up by a third."},
        {"the 9/11 attacks", "the nine eleven attacks"},
        {"5/16 inch", "five sixteenths inch"},
        {"2/3 of MPs", "two thirds of MPs"},
        {"open 24/7", "open twenty-four seven"},
        /* percentages */
        {"50%", "fifty per cent"},
        {"rates of 5.25%", "rates of five point two five per cent"},
        {"10-15%", "ten to fifteen per cent"},
        /* a number written into a word is the word's */
        {"the M25 and COVID-19", "the M25 and COVID-nineteen"},
        {"5G", "five G"},
        {"a 5-year-old", "a five-year-old"},
        {"192.168.0.1",
         "one hundred and ninety-two dot one hundred and sixty-eight dot zero dot one"},
    };
    EXPECT("en-GB", r);
}

static void test_en_gb_money(void)
{
    static const struct reading r[] = {
        {"£500", "five hundred pounds"},
        {"£1", "one pound"},
        {"£1.5bn", "one point five billion pounds"},
        {"$5m", "five million dollars"},
        {"£5-10m", "five to ten million pounds"},
        {"£4.79", "four pounds seventy-nine"},
        {"$1,200.50", "one thousand two hundred dollars and fifty cents"},
        {"50p", "fifty pence"},
        {"1p", "one penny"},
        {"£0.50", "fifty pence"},
        {"€12.50", "twelve euros fifty"},
        {"£1.00", "one pound"},
        {"a 20p coin", "a twenty pence coin"},
        {"GBP 250", "two hundred and fifty pounds"},
        {"500 EUR", "five hundred euros"},
        {"US$2.4tn", "two point four trillion US dollars"},
        {"£5 million", "five million pounds"},
        {"about 4m households", "about four million households"},
        /* before the noun it describes, the singular */
        {"a £5m deal", "a five million pound deal"},
        {"£300 payments", "three hundred pound payments"},
        {"£35,000 a year", "thirty-five thousand pounds a year"},
        {"¥1,000", "one thousand yen"},
    };
    EXPECT("en-GB", r);
}

static void test_en_gb_measures(void)
{
    static const struct reading r[] = {
        {"1 km", "one kilometre"},
        {"5km", "five kilometres"},
        {"20°C", "twenty degrees Celsius"},
        {"40.3C in Coningsby", "forty point three degrees Celsius in Coningsby"},
        {"-5C", "minus five degrees Celsius"},
        {"15 mins", "fifteen minutes"},
        {"3.5GB", "three point five gigabytes"},
        {"70mph", "seventy miles an hour"},
        {"the 400m hurdles", "the four hundred metres hurdles"},
        {"30m people", "thirty million people"},
        {"50 km/h", "fifty kilometres an hour"},
        {"6ft 2in", "six feet two inches"},
        {"12st 4lb", "twelve stone four pounds"},
        {"2.5 sq km", "two point five square kilometres"},
        {"100m²", "one hundred square metres"},
        {"a 10km run", "a ten kilometre run"},
        {"5km away", "five kilometres away"},
        {"5-10km", "five to ten kilometres"},
        {"1,200 MW", "one thousand two hundred megawatts"},
        {"3x4 m", "three by four metres"},
        /* "in" is a unit only when written against its number */
        {"5 in 10 people", "five in ten people"},
        {"90°", "ninety degrees"},
        {"5'10\" tall", "five feet ten inches tall"},
        {"£5.99/month and 5kg/day", "five pounds ninety-nine per month and five kilograms per day"},
    };
    EXPECT("en-GB", r);
}

static void test_en_gb_dates(void)
{
    static const struct reading r[] = {
        {"25 July 2012", "the twenty-fifth of July twenty twelve"},
        {"27 Feb 2026", "the twenty-seventh of February twenty twenty-six"},
        {"27/02/2026", "the twenty-seventh of February twenty twenty-six"},
        {"2026-02-27", "the twenty-seventh of February twenty twenty-six"},
        {"July 25, 2012", "July the twenty-fifth, twenty twelve"},
        {"on 12 March", "on the twelfth of March"},
        {"the 25th of July", "the twenty-fifth of July"},
        {"at 9.30 on 29th Feb.", "at nine thirty on the twenty-ninth of February."},
        {"Mon 3 Feb", "Monday the third of February"},
        {"Thursday 3 August 2023", "Thursday the third of August twenty twenty-three"},
        {"in May 2024", "in May twenty twenty-four"},
        {"3-5 March", "the third to the fifth of March"},
        {"Tue 12 and Wed 13 March", "Tuesday the twelfth and Wednesday the thirteenth of March"},
        {"Mon-Fri", "Monday to Friday"},
        {"April-June", "April to June"},
        {"the night of 24/25 June", "the night of the twenty-fourth to the twenty-fifth of June"},
        {"1,000s of fans", "thousands of fans"},
        {"from 6pm Sat until 9am Sun", "from six p.m. Saturday until nine a.m. Sunday"},
        {"on Sun at 3pm", "on Sunday at three p.m."},
        {"The Sun reported it", "The Sun reported it"},
        {"Sat in the garden", "Sat in the garden"},
        {"100s of them", "hundreds of them"},
        /* months in capitals or lower case, where a number says it is a date */
        {"jan. 5, 2012", "January the fifth, twenty twelve"},
        {"5 jan 2012", "the fifth of January twenty twelve"},
        {"18 NOV 2019", "the eighteenth of November twenty nineteen"},
        {"The august body", "The august body"},
        /* eras */
        {"AD 79", "A D seventy-nine"},
        {"in 43 AD", "in forty-three A D"},
        {"300 BCE", "three hundred B C E"},
        {"the AD wing", "the AD wing"},
        /* years */
        {"in 1994", "in nineteen ninety-four"},
        {"since 2005", "since two thousand and five"},
        {"2026", "twenty twenty-six"},
        {"1900", "nineteen hundred"},
        {"1066", "ten sixty-six"},
        {"in 1066", "in ten sixty-six"},
        {"2024-25", "twenty twenty-four to twenty-five"},
        {"1939-45", "nineteen thirty-nine to forty-five"},
        {"1,500 people", "one thousand five hundred people"},
        {"1500 students", "one thousand five hundred students"},
        /* decades */
        {"the 1990s", "the nineteen nineties"},
        {"the '90s", "the nineties"},
        {"the 1800s", "the eighteen hundreds"},
        {"the 2010s", "the twenty tens"},
        /* May is a verb in lower case, and a date needs a day or a year */
        {"may 5 people", "may five people"},
        {"May 5 people", "May five people"},
    };
    EXPECT("en-GB", r);
}

static void test_en_gb_times(void)
{
    static const struct reading r[] = {
        {"10:30am", "ten thirty a.m."},
        {"7.15pm", "seven fifteen p.m."},
        {"3pm", "three p.m."},
        {"at 10 a.m.", "at ten a.m."},
        {"10:05", "ten oh five"},
        {"10:00", "ten o'clock"},
        {"18:00", "eighteen hundred"},
        {"18:30", "eighteen thirty"},
        {"09:00 GMT", "nine o'clock GMT"},
        {"9am-5pm", "nine a.m. to five p.m."},
        {"9am–5pm", "nine a.m. to five p.m."},
        {"9-5pm", "nine to five p.m."},
        {"12:00 noon", "twelve noon"},
        {"3 pm est", "three p.m. E S T"},
        {"the 8.15 from Paddington", "the eight fifteen from Paddington"},
        {"rose to 8.15 from 7.90", "rose to eight point one five from seven point nine nought"},
        {"12:00 midnight", "twelve midnight"},
        /* a decimal is no time, nor is a score */
        {"7.15 metres", "seven point one five metres"},
    };
    EXPECT("en-GB", r);
}

static void test_en_gb_ranges(void)
{
    static const struct reading r[] = {
        {"10–12", "ten to twelve"},
        {"aged 18-25", "aged eighteen to twenty-five"},
        {"pages 3-7", "pages three to seven"},
        {"pp. 45-67", "pages forty-five to sixty-seven"},
        {"won 3-1", "won three one"},
        {"a 2-0 win", "a two nil win"},
        {"drew 1-1", "drew one one"},
        {"a 3:1 ratio", "a three to one ratio"},
        {"3,000-4,000 jobs", "three thousand to four thousand jobs"},
        {"well-known", "well-known"},
    };
    EXPECT("en-GB", r);
}

static void test_en_gb_roman(void)
{
    static const struct reading r[] = {
        {"Henry VIII", "Henry the Eighth"},
        {"Elizabeth II", "Elizabeth the Second"},
        {"Louis XIV", "Louis the Fourteenth"},
        {"Elizabeth I and Henry V", "Elizabeth the First and Henry the Fifth"},
        {"King Charles III", "King Charles the Third"},
        {"Pope John Paul II", "Pope John Paul the Second"},
        {"Chapter IV", "Chapter four"},
        {"World War II and World War I", "World War two and World War one"},
        {"Super Bowl LVIII", "Super Bowl fifty-eight"},
        {"Type II diabetes", "Type two diabetes"},
        /* words that merely look roman */
        {"Then I left. I think I can.", "Then I left. I think I can."},
        {"his CV, the DC office, an MD, MIX and LI", "his CV, the DC office, an MD, MIX and LI"},
        {"Malcolm X and Plan V", "Malcolm X and Plan V"},
        {"Rocky IV and John Smith III", "Rocky four and John Smith the Third"},
        {"an IV drip", "an IV drip"},
    };
    EXPECT("en-GB", r);
}

static void test_en_gb_abbreviations(void)
{
    static const struct reading r[] = {
        {"St Paul's", "Saint Paul's"},
        {"Oxford St", "Oxford Street"},
        {"at 10 Oxford St. The", "at ten Oxford Street. The"},
        {"St. Ives", "Saint Ives"},
        {"Dr Smith", "Doctor Smith"},
        {"Mulholland Dr", "Mulholland Drive"},
        {"42nd St. is busy", "forty-second Street is busy"},
        {"on 5th Ave.", "on fifth Avenue."},
        {"up 2.4% y-o-y", "up two point four per cent year on year"},
        {"partners, eg Sweden", "partners, for example Sweden"},
        {"WWII veterans", "World War Two veterans"},
        {"10 > 5", "ten is greater than five"},
        {"2^10", "two to the power of ten"},
        {"class of '98", "class of ninety-eight"},
        {"ISBN 978-3-16-148410-0", "I.S.B.N. nine seven eight, three, one six, one four eight four one oh, oh"},
        {"a 4-3-3 formation", "a four-three-three formation"},
        {"> 50 people", "more than fifty people"},
        {"about 1/8 of them", "about an eighth of them"},
        {"England were 287-6 at stumps", "England were two hundred and eighty-seven for six at stumps"},
        {"India were 45-2 at lunch", "India were forty-five for two at lunch"},
        {"the 787-8 Dreamliner", "the seven eight seven eight Dreamliner"},
        {"the 2019-20 season", "the twenty nineteen to twenty season"},
        {"US$20", "twenty US dollars"},
        {"received £5,000 damages", "received five thousand pounds damages"},
        {"paid a £300 fine", "paid a three hundred pound fine"},
        {"4.05", "four point nought five"},
        {"Alcaraz won 6-4 6-3", "Alcaraz won six four six three"},
        {"Arsenal were 3-0 up", "Arsenal were three nil up"},
        {"Homes worth £100,000-plus", "Homes worth one hundred thousand pounds-plus"},
        {"ext. 123", "extension one two three"},
        {"the 999 service", "the nine nine nine service"},
        {"No. 10 Downing St.", "number ten Downing Street."},
        {"No 10", "number ten"},
        {"no. 5", "number five"},
        {"No, 10 is", "No, ten is"},
        {"Mr and Mrs Smith and Ms Jones", "Mr and Missus Smith and Miz Jones"},
        {"Mr. Trump said", "Mister Trump said"},
        {"Prof. Brian Cox", "Professor Brian Cox"},
        {"Gen. Patton", "General Patton"},
        {"e.g. this, i.e. that", "for example this, that is that"},
        {"apples, pears etc. The end", "apples, pears et cetera. The end"},
        {"Smith vs Jones", "Smith versus Jones"},
        {"approx. 20", "approximately twenty"},
        {"Martin Luther King Jr. Day", "Martin Luther King Junior Day"},
        {"the piano. No one", "the piano. No one"},
    };
    EXPECT("en-GB", r);
}

/* Initialisms, service numbers and the amounts that came with them. */
static void test_en_gb_initialisms(void)
{
    static const struct reading r[] = {
        {"The DVLA said", "The D.V.L.A. said"},
        {"their GCSEs and PCSOs", "their G.C.S.E.'s and P.C.S.O.'s"},
        {"the WHO and the EHRC", "the W.H.O. and the E.H.R.C."},
        {"Nato, NATO, NASA, OPEC, Ofsted", "Nato, NATO, NASA, OPEC, Ofsted"},
        {"the NHS, MPs and PMQs", "the NHS, MPs and PMQs"},
        {"KS2 and HS2", "KS2 and HS2"},
        {"THE DVLA SAID", "THE DVLA SAID"},
        {"call police on 101", "call police on one oh one"},
        {"the 999 call", "the nine nine nine call"},
        {"the 0800 number", "the oh eight hundred number"},
        {"on 101 occasions", "on one hundred and one occasions"},
        {"held at 5.25%", "held at five point two five per cent"},
        {"at 7.30 in the morning", "at seven thirty in the morning"},
        {"a 2m-high fence", "a two metre-high fence"},
        {"a 50-50 chance", "a fifty fifty chance"},
        {"Man Utd 2-1 Spurs", "Man United two one Spurs"},
        {"built c.1850", "built circa eighteen fifty"},
        {"Pte John Smith", "Private John Smith"},
        {"waiting lists hit 7.6m.", "waiting lists hit seven point six million."},
        {"a population of 67m", "a population of sixty-seven million"},
        {"he cleared 2.35m.", "he cleared two point three five metres."},
        {"the 1.2m-strong union", "the one point two million-strong union"},
        {"it rose 2.3m above", "it rose two point three metres above"},
        {"a 30m drop", "a thirty metre drop"},
        {"awarded £300 compensation", "awarded three hundred pounds compensation"},
        {"a record £85m fee", "a record eighty-five million pound fee"},
        {"Labour's £28bn pledge", "Labour's twenty-eight billion pound pledge"},
        {"she swam 10km unaided", "she swam ten kilometres unaided"},
        {"The 2nd and 3rd of May", "The second and the third of May"},
        {"between 10,000-15,000 jobs", "between ten thousand and fifteen thousand jobs"},
        {"up by a ¼ and by a 1/3", "up by a quarter and by a third"},
        {"nearly ½ of voters", "nearly half of voters"},
        {"from 14 June-14 July", "from the fourteenth of June to the fourteenth of July"},
        {"at 2100 GMT", "at twenty-one hundred GMT"},
        {"Half-time: 1-0", "Half-time: one nil"},
        {"Rated 4/5 stars, she scored 10/10",
         "Rated four out of five stars, she scored ten out of ten"},
        {"5% +/- 2% y/y", "five per cent plus or minus two per cent year on year"},
    };
    EXPECT("en-GB", r);
}

static void test_en_gb_web_phone_symbols(void)
{
    static const struct reading r[] = {
        {"020 7946 0018", "oh two oh, seven nine four six, oh oh one eight"},
        {"Call 0800 123 4567", "Call oh eight hundred, one two three, four five six seven"},
        {"dial 999", "dial nine nine nine"},
        {"+44 20 7946 0018", "plus four four, two oh, seven nine four six, oh oh one eight"},
        {"+1 (555) 123-4567", "plus one, five five five, one two three, four five six seven"},
        {"news@example.org", "news at example dot org"},
        {"john.smith@bbc.co.uk", "john dot smith at B B C dot co dot U K"},
        {"https://www.example.org/about", "example dot org slash about"},
        {"www.example.org", "w w w dot example dot org"},
        /* a letter before a word ("gmail"), letters where no word starts so */
        {"ann@gmail.com", "ann at G mail dot com"},
        {"#COP30", "hashtag Cop thirty"},
        /* words run together, split by the language's word list */
        {"www.nationalrail.co.uk", "w w w dot national rail dot co dot U K"},
        {"@metpoliceuk", "at met police U K"},
        {"#climatechange", "hashtag climate change"},
        {"instagram.com", "instagram dot com"},
        {"@NYCMayor", "at NYC Mayor"},
        {"07700 900 382", "oh seven seven oh oh, nine oh oh, three eight two"},
        {"+33 1 23 45 67 89", "plus three three, one, two three, four five, six seven, eight nine"},
        {"dvla.gov.uk", "D V L A dot gov dot U K"},
        {"see example.org.", "see example dot org."},
        {"bbc.co.uk/news", "B B C dot co dot U K slash news"},
        {"#ClimateAction", "hashtag Climate Action"},
        {"the hashtag #MeToo", "the hashtag Me Too"},
        {"@BBCNews", "at BBC News"},
        {"#1 hit", "number one hit"},
        {"A&E", "A-and-E"},
        {"5 + 3 = 8", "five plus three equals eight"},
        {"3 × 4", "three times four"},
        {"±2", "plus or minus two"},
        {"his/her", "his or her"},
        {"and/or", "and or"},
        {"R&D", "R and D"},
        {"AT&T", "A-T-and-T"},
        {"Smith & Sons", "Smith and Sons"},
        {"3 × 4 metres and 3 × 4 = 12", "three by four metres and three times four equals twelve"},
    };
    EXPECT("en-GB", r);
}

static void test_en_gb_untouched(void)
{
    static const struct reading r[] = {
        {"", ""},
        {"Nothing to change here.", "Nothing to change here."},
        {"\xE2\x80\x9CQuoted,\xE2\x80\x9D she said \xE2\x80\x94 twice.",
         "\xE2\x80\x9CQuoted,\xE2\x80\x9D she said \xE2\x80\x94 twice."},
        {"Caf\xC3\xA9 na\xC3\xAFve", "Caf\xC3\xA9 na\xC3\xAFve"},
        /* no-break and thin spaces go out as plain ones */
        {"5\xC2\xA0km", "five kilometres"},
        {"1\xE2\x80\xAF"
         "200",
         "one thousand two hundred"},
        {"What? Yes! No.", "What? Yes! No."},
    };
    EXPECT("en-GB", r);
}

/* --- American English ------------------------------------------------------ */

/* Found in real copy (the Scrapinghub pages' text), fourth round. */
static void test_en_gb_real_copy(void)
{
    static const struct reading r[] = {
        /* sets in a row are a match's score, the first one too */
        {"Kyrgios's 6-4, 6-4 win", "Kyrgios's six four, six four win"},
        {"rallied to beat him 3-6, 6-3, 7-6 (0)", "rallied to beat him three six, six three, seven six (zero)"},
        {"got past Chile 3-0", "got past Chile three nil"},
        {"levelled the series 1-1", "levelled the series one one"},
        {"children aged 6-7", "children aged six to seven"},
        /* aircraft and model codes */
        {"the Boeing 737 Max", "the Boeing seven three seven Max"},
        {"the 787-9 Dreamliner", "the seven eight seven nine Dreamliner"},
        {"Boeing's 777X", "Boeing's seven seven seven X"},
        {"an A380", "an A- three eighty"},
        {"the Ford F-150", "the Ford F one fifty"},
        {"flight MH370", "flight M H three seventy"},
        {"the A303 to Exeter", "the A- three oh three to Exeter"},
        {"the S500", "the S five hundred"},
        {"737 people", "seven hundred and thirty-seven people"},
        {"in 747 cases", "in seven hundred and forty-seven cases"},
        /* service numbers after the verb of calling */
        {"a friend called 911", "a friend called nine one one"},
        {"she dialled 999", "she dialled nine nine nine"},
        {"a film called 1917", "a film called nineteen seventeen"},
        /* money */
        {"a $75.3 billion dollar hit", "a seventy-five point three billion dollar hit"},
        {"the $49 charging brick", "the forty-nine dollar charging brick"},
        {"spent $5m buying shares", "spent five million dollars buying shares"},
        {"$0.06/kWh", "six cents per kilowatt hour"},
        /* units */
        {"1 tsp salt", "one teaspoon salt"},
        {"2 tbsp oil", "two tablespoons oil"},
        {"41 dBA", "forty-one decibels"},
        {"960 hPa", "nine hundred and sixty hectopascals"},
        /* the twenty-four hour clock of police statements */
        {"around 20:00hrs on", "around twenty hundred hours on"},
        {"1.200.000 people", "one million two hundred thousand people"},
        {"a 1080p screen", "a ten eighty P screen"},
        /* fourth batch (dev4) */
        {"by 2100", "by twenty-one hundred"},
        {"in 2150", "in twenty-one fifty"},
        {"2500 homes", "two thousand five hundred homes"},
        {"a screen of 10 in.", "a screen of ten inches."},
        {"won 4 in a row", "won four in a row"},
        {"⅛", "one eighth"},
        {"about 1/8 of them", "about an eighth of them"},
        {"England closed on 312-7", "England closed on three hundred and twelve for seven"},
        {"#UKPolitics", "hashtag U K Politics"},
        {"open report_final.pdf", "open report underscore final dot P D F"},
        {"bbc.com", "B B C dot com"},
        {"720p video and 50p coins", "seven twenty P video and fifty pence coins"},
        {"192.168.100.100", "one hundred and ninety-two dot one hundred and sixty-eight dot one hundred dot one hundred"},
        /* race times are durations */
        {"won in 3:43.13", "won in three minutes forty-three point one three seconds"},
        {"the marathon in 2:01:09", "the marathon in two hours one minute and nine seconds"},
        {"finished on -12, two shots clear", "finished on twelve under, two shots clear"},
        {"Rahm is +3 after the first round", "Rahm is three over after the first round"},
        {"fell to -12 overnight", "fell to minus twelve overnight"},
        {"the M62 between J25 and J26", "the M62 between junction twenty-five and junction twenty-six"},
        {"the J10 fighter", "the J10 fighter"},
        {"in 2019 prices", "in twenty nineteen prices"},
        {"The 07:32 from York", "The oh seven thirty-two from York"},
        {"a commitment of 777x jets", "a commitment of seven seven seven x jets"},
        {"490 lb-ft of torque", "four hundred and ninety pound-feet of torque"},
        {"Germany's 4-0 rout", "Germany's four nil rout"},
        {"an iPhone 5s", "an iPhone five s"},
        {"in 9.58s", "in nine point five eight seconds"},
        {"$4.99/mo", "four dollars and ninety-nine cents per month"},
        {"San Francisco, CA 94107.", "San Francisco, CA nine four one oh seven."},
        {"in 2000 homes", "in two thousand homes"},
        {"at 120km/h", "at one hundred and twenty kilometres an hour"},
        {"at 10:30:15 am", "at ten thirty fifteen a.m."},
        {"at 0900hrs", "at oh nine hundred hours"},
        {"at 1430 hours", "at fourteen thirty hours"},
        {"(0100 GMT)", "(oh one hundred GMT)"},
        {"won the 1500m", "won the fifteen hundred metres"},
        {"1,500m", "one thousand five hundred metres"},
        {"a 1.4m-tonne ship", "a one point four million-tonne ship"},
        {"won 6-4 3-6 7-6 (7-4)", "won six four three six seven six (seven four)"},
        {"the 2022/23 season", "the twenty twenty-two to twenty-three season"},
        {"at 0930 BST", "at oh nine thirty BST"},
        {"at 30fps", "at thirty frames per second"},
        {"Finland clinched 3-0 against Chile", "Finland clinched three nil against Chile"},
        {"gave 2000 hours", "gave two thousand hours"},
        /* versions are no dates */
        {"kernel version 2.6.29", "kernel version two point six point twenty-nine"},
        {"on 2.6.29 we", "on the second of June twenty-nine we"},
        /* no ruler's number is a hundred; a lone C is an initial */
        {"Matilda C., age 7", "Matilda C., age seven"},
        {"John XXIII", "John the Twenty-third"},
        {"MCMXCIX", "nineteen ninety-nine"},
        {"Copyright MMXXIV", "Copyright twenty twenty-four"},
        {"the CIVIL war", "the CIVIL war"},
    };
    EXPECT("en-GB", r);
}

static void test_en_us(void)
{
    static const struct reading r[] = {
        {"July 25, 2012", "July twenty-fifth, twenty twelve"},
        {"07/04/2024", "July fourth, twenty twenty-four"},
        {"25/12/2024", "December twenty-fifth, twenty twenty-four"},
        {"at 18:00.", "at eighteen hundred."},
        {"at 12 a.m.", "at midnight"},
        {"$1,200.50", "one thousand two hundred dollars and fifty cents"},
        {"at 18:30", "at eighteen thirty"},
        {"since 2005", "since two thousand five"},
        {"105", "one hundred five"},
        {"50%", "fifty percent"},
        {"5 km", "five kilometers"},
        {"75°F", "seventy-five degrees Fahrenheit"},
        {"(212) 555-0147", "two one two, five five five, oh one four seven"},
        {"212-555-0147", "two one two, five five five, oh one four seven"},
        {"beat the Red Sox 5-3", "beat the Red Sox five to three"},
        {"won 2-0", "won two to nothing"},
        {"Mon., Jan. 6, 2025", "Monday, January sixth, twenty twenty-five"},
        {"the 1st of May", "the first of May"},
        {"Call 555-1234 now", "Call five five five, one two three four now"},
        {"100-1000 people", "one hundred to one thousand people"},
    };
    EXPECT("en-US", r);
}

/* --- German ------------------------------------------------------------------ */

static void test_de(void)
{
    static const struct reading r[] = {
        {"1 Person wurde verletzt.", "eine Person wurde verletzt."},
        /* a date and a time after it are no telephone number */
        {"am 06.11.2023 13:30 Uhr", "am sechsten November zweitausenddreiundzwanzig dreizehn Uhr dreißig"},
        /* a race's time; a table's ranges are not grouped thousands */
        {"siegte in 8:36,51 min", "siegte in acht Minuten sechsunddreißig Komma fünf eins Sekunden"},
        {"302-305 253-257", "dreihundertzwei bis dreihundertfünf zweihundertdreiundfünfzig bis zweihundertsiebenundfünfzig"},
        {"10 000 Einwohner", "zehntausend Einwohner"},
        /* a currency's name before a number names something else */
        {"die Abgasnorm Euro 6", "die Abgasnorm Euro sechs"},
        {"EUR 50 und 50 Euro", "fünfzig Euro und fünfzig Euro"},
        {"Es ist ½ Stunde bis dahin.", "Es ist eine halbe Stunde bis dahin."},
        {"1.200 Menschen", "tausendzweihundert Menschen"},
        {"112,4", "hundertzwölf Komma vier"},
        {"1,5", "eins Komma fünf"},
        {"3,14", "drei Komma eins vier"},
        {"Am 3. März 2024", "Am dritten März zweitausendvierundzwanzig"},
        {"3. März 2024", "dritter März zweitausendvierundzwanzig"},
        {"vom 3. bis 5. Mai", "vom dritten bis fünften Mai"},
        {"Am 27.02.2026", "Am siebenundzwanzigsten Februar zweitausendsechsundzwanzig"},
        {"Im 19. Jahrhundert", "Im neunzehnten Jahrhundert"},
        {"der 3. Platz", "der dritte Platz"},
        {"Platz 3.", "Platz drei."},
        {"1994 war", "neunzehnhundertvierundneunzig war"},
        {"die 1990er", "die neunzehnhundertneunziger"},
        {"die 80er Jahre", "die achtziger Jahre"},
        {"12,50 €", "zwölf Euro fünfzig"},
        {"1 €", "einen Euro"},
        {"in der 89. Minute", "in der neunundachtzigsten Minute"},
        {"wurde 4. in der Liga", "wurde vierter in der Liga"},
        {"in den 90ern", "in den neunzigern"},
        {"Mo.–Fr.", "Montag bis Freitag"},
        {"2,5 Mrd. Euro", "zwei Komma fünf Milliarden Euro"},
        {"1 Mio. Einwohner", "eine Million Einwohner"},
        {"50 %", "fünfzig Prozent"},
        {"1 %", "ein Prozent"},
        {"20 °C", "zwanzig Grad Celsius"},
        {"5 km", "fünf Kilometer"},
        {"1 t", "eine Tonne"},
        {"14:30 Uhr", "vierzehn Uhr dreißig"},
        {"um 9 Uhr", "um neun Uhr"},
        {"1 Uhr", "ein Uhr"},
        {"Ludwig XIV. war", "Ludwig der Vierzehnte war"},
        {"Elisabeth II.", "Elisabeth die Zweite."},
        {"Kapitel IV", "Kapitel vier"},
        {"z. B. und z.B.", "zum Beispiel und zum Beispiel."},
        {"d. h. usw.", "das heißt und so weiter."},
        {"Nr. 5", "Nummer fünf"},
        {"in der Hauptstr. 5", "in der Hauptstraße fünf"},
        {"ca. 300", "circa dreihundert"},
        {"Bayern gewann 3:1", "Bayern gewann drei zu eins"},
        {"10–12", "zehn bis zwölf"},
        {"3/4", "drei Viertel"},
        {"1½ Stunden", "eineinhalb Stunden"},
        {"Am Fr., 13. Okt.", "Am Freitag, dem dreizehnten Oktober."},
        {"die Krönung Karls III. fand", "die Krönung Karls des Dritten fand"},
        {"unter 110", "unter eins eins null"},
        {"Tel. 030 1234567", "Telefon null drei null, eins zwei drei vier fünf sechs sieben"},
        {"A & B", "A und B"},
        /* the dative after its prepositions */
        {"mit 1 Stimme", "mit einer Stimme"},
        {"Nach 1 km links", "Nach einem Kilometer links"},
        {"Er zahlte 1 Euro", "Er zahlte einen Euro"},
        {"unter Wilhelm II. umgebaut", "unter Wilhelm dem Zweiten umgebaut"},
        {"Ludwig XIV. war", "Ludwig der Vierzehnte war"},
        /* a range of hours says "Uhr" once */
        {"Mo.–Fr. 9–17 Uhr", "Montag bis Freitag neun bis siebzehn Uhr"},
        {"9.30–17 Uhr", "neun Uhr dreißig bis siebzehn Uhr"},
        {"40 Euro inkl. MwSt.", "vierzig Euro inklusive Mehrwertsteuer."},
    };
    EXPECT("de", r);
}

/* --- French ------------------------------------------------------------------- */

static void test_fr(void)
{
    static const struct reading r[] = {
        {"à ½ heure, 21 heures, ½ litre", "à une demi-heure, vingt-et-une heures, un demi-litre"},
        {"le 06.11.2023 13:30", "le six novembre deux mille vingt-trois treize heures trente"},
        /* the other convention's separators, "n°" glued, an elided "L'" */
        {"12.2% et 1,000,000", "douze virgule deux pour cent et un million"},
        {"la loi n°58", "la loi numéro cinquante-huit"},
        {"Article L’Humanité", "Article L’Humanité"},
        {"Il a obtenu 18/20.", "Il a obtenu dix-huit sur vingt."},
        {"au bd de la Villette", "au boulevard de la Villette"},
        {"1 200 personnes", "mille deux cents personnes"},
        {"1\xE2\x80\xAF"
         "200",
         "mille deux cents"},
        {"3,14", "trois virgule quatorze"},
        {"0,05", "zéro virgule zéro cinq"},
        {"le 1er mars 2024", "le premier mars deux mille vingt-quatre"},
        {"le 3 mars 1994", "le trois mars mille neuf cent quatre-vingt-quatorze"},
        {"le 27/02/2026", "le vingt-sept février deux mille vingt-six"},
        {"la 2e place et la 1re fois", "la deuxième place et la première fois"},
        {"3ème", "troisième"},
        {"12,50 €", "douze euros cinquante"},
        {"5 M€", "cinq millions d'euros"},
        {"2,5 milliards de dollars", "deux virgule cinq milliards de dollars"},
        {"3 Md$", "trois milliards de dollars"},
        {"50 %", "cinquante pour cent"},
        {"20 °C", "vingt degrés Celsius"},
        {"1 t", "une tonne"},
        {"1,5 km", "un virgule cinq kilomètre"},
        {"14h30", "quatorze heures trente"},
        {"à 14h", "à quatorze heures"},
        {"à 0 h 30", "à zéro heure trente"},
        {"à 12 h", "à midi"},
        {"1h", "une heure"},
        {"21h", "vingt-et-une heures"},
        {"Louis XIV", "Louis quatorze"},
        {"François Ier", "François premier"},
        {"au XIXe siècle", "au dix-neuvième siècle"},
        {"la Ve République", "la cinquième République"},
        {"chapitre IV", "chapitre quatre"},
        {"M. Dupont et Mme Martin", "Monsieur Dupont et Madame Martin"},
        {"n° 5", "numéro cinq"},
        {"p. ex. etc.", "par exemple et cetera."},
        {"01 23 45 67 89", "zéro un, vingt-trois, quarante-cinq, soixante-sept, quatre-vingt-neuf"},
        {"10–12", "dix à douze"},
        {"3/4", "trois quarts"},
        {"1/2", "un demi"},
        {"a gagné 3-1", "a gagné trois à un"},
        /* genders the endings miss; a decimal's fraction stays masculine */
        {"21 fois", "vingt-et-une fois"},
        /* an address's word gets its accents back, a word stays as written */
        {"www.impots.gouv.fr", "w w w point impôts point gouv point F R"},
        {"exemple.fr/demande", "exemple point F R slash demande"},
        {"1 femme", "une femme"},
        {"en 9,81 secondes", "en neuf virgule quatre-vingt-un secondes"},
    };
    EXPECT("fr", r);
}

/* --- Spanish ------------------------------------------------------------------ */

static void test_es(void)
{
    static const struct reading r[] = {
        /* Latin American ordinal endings, English thousands */
        {"el 8vo Congreso y la 2da vuelta", "el octavo Congreso y la segunda vuelta"},
        {"1,000,000 de personas", "un millón de personas"},
        {"Son 2½ horas y 3½ litros.", "Son dos horas y media y tres litros y medio."},
        {"La web rtve.es lo cuenta.", "La web R T V E punto es lo cuenta."},
        {"La Dra. García y la Av. de América", "La doctora García y la avenida de América"},
        {"En el km 25", "En el kilómetro veinticinco"},
        {"1.200 personas", "mil doscientas personas"},
        {"21 años", "veintiún años"},
        {"1", "uno"},
        {"3,14", "tres coma catorce"},
        {"el 3 de marzo de 2024", "el tres de marzo de dos mil veinticuatro"},
        {"el 27/02/2026", "el veintisiete de febrero de dos mil veintiséis"},
        {"en 1994", "en mil novecientos noventa y cuatro"},
        {"el 1.º y la 2.ª", "el primero y la segunda"},
        {"12,50 €", "doce euros con cincuenta céntimos"},
        {"5 M€", "cinco millones de euros"},
        {"50 %", "cincuenta por ciento"},
        {"20 °C", "veinte grados Celsius"},
        {"1 t", "una tonelada"},
        {"a las 14:30", "a las catorce treinta"},
        {"Felipe VI", "Felipe sexto"},
        {"Alfonso XIII", "Alfonso trece"},
        {"Isabel II", "Isabel segunda"},
        {"Juan Pablo II", "Juan Pablo segundo"},
        {"el siglo XXI", "el siglo veintiuno"},
        {"el Sr. García y la Sra. López", "el señor García y la señora López"},
        {"núm. 5", "número cinco"},
        {"p. ej. etc.", "por ejemplo etcétera."},
        {"EE. UU.", "Estados Unidos."},
        {"tel. 912 345 678",
         "teléfono novecientos doce, trescientos cuarenta y cinco, seiscientos setenta y ocho"},
        {"Llame al 91 123 45 67",
         "Llame al noventa y uno, ciento veintitrés, cuarenta y cinco, sesenta y siete"},
        {"el 016", "el cero dieciséis"},
        {"en 1.er lugar", "en primer lugar"},
        {"la II Guerra Mundial", "la segunda Guerra Mundial"},
        {"los años 1920", "los años veinte"},
        {"3.271.500 votantes", "tres millones doscientos setenta y un mil quinientos votantes"},
        {"10–12", "diez a doce"},
        {"3/4", "tres cuartos"},
        {"1/20", "un veinteavo"},
        {"ganó 3-1", "ganó tres a uno"},
        {"a ½ hora y ½ litro", "a media hora y medio litro"},
        {"a la 1 de la tarde", "a la una de la tarde"},
        {"Pérez & Hijos", "Pérez e Hijos"},
        {"en 9,81 segundos", "en nueve coma ochenta y un segundos"},
        {"el 900 123 456", "el novecientos, ciento veintitrés, cuatrocientos cincuenta y seis"},
        /* genders the endings get wrong; a Madrid number's groups */
        {"21 días", "veintiún días"},
        {"marque el 112", "marque el uno uno dos"},
        {"31 problemas", "treinta y un problemas"},
        {"41 mujeres", "cuarenta y una mujeres"},
        {"21 ciudades", "veintiuna ciudades"},
        {"9,81 horas", "nueve coma ochenta y una horas"},
        {"Llame al 91 123 45 67.",
         "Llame al noventa y uno, ciento veintitrés, cuarenta y cinco, sesenta y siete."},
    };
    EXPECT("es", r);
}

/* --- Loading the rules ----------------------------------------------------------- */

static char *write_rules(const char *dir, const char *name, const char *text)
{
    char *path = NULL;
    if (asprintf(&path, "%s/normalise/%s", dir, name) < 0)
        return NULL;
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
    return path;
}

static void test_loading(void)
{
    /* A language without rules: read as written, by eSpeak NG. */
    struct aloud_normaliser *n = open_lang("xx-YY");
    char *got = aloud_normalise_text(n, "£500 on 25 July 2012");
    CHECK_STR(got, "£500 on 25 July 2012");
    free(got);
    aloud_normaliser_free(n);
    got = aloud_normalise_text(NULL, "1994");
    CHECK_STR(got, "1994");
    free(got);
    aloud_normaliser_free(NULL);

    /* A region the rules do not name gets its language's ("fr-CA" -> fr). */
    n = open_lang("fr-CA");
    got = aloud_normalise_text(n, "50 %");
    CHECK_STR(got, "cinquante pour cent");
    free(got);
    CHECK_STR(aloud_normaliser_language(n), "fr-CA");
    aloud_normaliser_free(n);

    char *err = NULL;
    CHECK(aloud_normaliser_open(ALOUD_SOURCE_VOICES_DIR, "../etc", &n, &err) == -EINVAL && !n);
    free(err);

    /* The specific file overrides its base, key by key. */
    char dir[] = "/tmp/aloud-normalise-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    char *sub = NULL;
    CHECK(asprintf(&sub, "%s/normalise", dir) > 0 && mkdir(sub, 0700) == 0);
    char *base = write_rules(dir, "zz.ini",
                             "[rulesets]\ncardinal = %spellout-cardinal\n"
                             "ordinal = %spellout-ordinal\n[words]\npercent = per cent\n"
                             "[units]\nkm = kilometre | kilometres\nm = metre | metres\n");
    char *region = write_rules(dir, "zz-qq.ini",
                               "[settings]\nphone_shapes = 3-3-4,\n    2-3-2\n"
                               "[units]\nkm = klick | klicks\n");
    err = NULL;
    n = NULL;
    CHECK(aloud_normaliser_open(dir, "zz-QQ", &n, &err) == 0);
    if (n) {
        got = aloud_normalise_text(n, "5 km, 5 m, 5%");
        CHECK_STR(got, "five klicks, five metres, five per cent");
        free(got);
        /* A setting's continuation line goes on its value: both shapes. */
        got = aloud_normalise_text(n, "555 123 4567 or 55 123 45");
        CHECK_STR(got, "five five five, one two three, four five six seven or five five, one two three, "
                       "four five");
        free(got);
    }
    aloud_normaliser_free(n);
    free(err);

    /* Mistakes name the file, the line and the key. */
    static const struct {
        const char *text;
        const char *want;
    } bad[] = {
        {"[rulesets]\ncardinal = %spellout-nonsense\n", "zz.ini:2: cardinal: ICU has no"},
        {"[settings]\n\ndate_order = ydm\n", "zz.ini:3: date_order: expected dmy or mdy"},
        {"[units]\nkm = kilometre | kilometres | sideways\n",
         "zz.ini:2: km: unknown option 'sideways'"},
        {"[words]\nrange = to\nfrom = from\n", "zz.ini:3: unknown key 'from' in [words]"},
        {"[nonsense]\na = b\n", "zz.ini:2: unknown section [nonsense]"},
        {"[currency GBP]\ngender = x\n", "zz.ini:2: gender: expected m, f or n"},
        {"[months]\n13 = Undecember\n", "zz.ini:2: 13: expected a whole number from 1 to 12"},
        {"[abbreviations]\nSt = \n", "zz.ini:2: St: nothing to say"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        free(write_rules(dir, "zz.ini", bad[i].text));
        err = NULL;
        n = NULL;
        int rc = aloud_normaliser_open(dir, "zz", &n, &err);
        CHECK(rc < 0 && n == NULL);
        check_count++;
        if (!err || !strstr(err, bad[i].want)) {
            check_failures++;
            fprintf(stderr, "error \"%s\", want \"%s\"\n", err ? err : "(none)", bad[i].want);
        }
        free(err);
    }
    unlink(base);
    unlink(region);
    rmdir(sub);
    rmdir(dir);
    free(base);
    free(region);
    free(sub);
}

int main(void)
{
    test_en_gb_numbers();
    test_en_gb_money();
    test_en_gb_measures();
    test_en_gb_dates();
    test_en_gb_times();
    test_en_gb_ranges();
    test_en_gb_roman();
    test_en_gb_abbreviations();
    test_en_gb_initialisms();
    test_en_gb_web_phone_symbols();
    test_en_gb_untouched();
    test_en_gb_real_copy();
    test_en_us();
    test_de();
    test_fr();
    test_es();
    test_loading();
    return check_done();
}
