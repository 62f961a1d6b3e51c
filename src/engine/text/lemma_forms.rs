//! The lemmatiser's dictionary: irregular forms grouped by lemma, one `lemma: form form ...`
//! per line, and words that look like plurals but are not. About 300 forms in all.

/// Irregular verb forms (past tense, past participle, a few third persons).
pub(crate) const VERBS: &str = "\
be: am is are was were been being
have: has had having
do: does did done doing
go: goes went gone going
arise: arose arisen
awake: awoke awoken
bear: borne
beat: beaten
become: became
begin: began begun
bend: bent
bind: bound
bite: bitten
bleed: bled
blow: blew blown
break: broke broken
breed: bred
bring: brought
build: built
burn: burnt
buy: bought
catch: caught
choose: chose chosen
cling: clung
come: came
creep: crept
deal: dealt
dig: dug
draw: drew drawn
dream: dreamt
drink: drank drunk
drive: drove driven
eat: ate eaten
fall: fell fallen
feed: fed
feel: felt
fight: fought
find: found
flee: fled
fling: flung
fly: flew flown flies
forbid: forbade forbidden
forget: forgot forgotten
forgive: forgave forgiven
freeze: froze frozen
get: got gotten
give: gave given
grow: grew grown
hang: hung
hear: heard
hide: hid hidden
hold: held
keep: kept
kneel: knelt
know: knew known
lead: led
leap: leapt
learn: learnt
leave: left
lend: lent
lie: lain lies
lose: lost
make: made
mean: meant
meet: met
pay: paid
ride: rode ridden
ring: rang rung
rise: risen
run: ran
say: said says
see: saw seen
seek: sought
sell: sold
send: sent
shake: shook shaken
shine: shone
shoot: shot
show: shown
shrink: shrank shrunk
sing: sang sung
sink: sank sunk
sit: sat
sleep: slept
slide: slid
speak: spoke spoken
speed: sped
spend: spent
spin: spun
spring: sprang sprung
stand: stood
steal: stole stolen
stick: stuck
sting: stung
strike: struck stricken
strive: strove striven
swear: swore sworn
sweep: swept
swim: swam swum
swing: swung
take: took taken
teach: taught
tear: tore torn
tell: told
think: thought
throw: threw thrown
understand: understood
wake: woke woken
wear: wore worn
weave: wove woven
weep: wept
win: won
write: wrote written
withdraw: withdrew withdrawn
overcome: overcame
undertake: undertook undertaken
die: dies
tie: ties
";

/// Irregular plurals, Latin and Greek plurals, and plurals the suffix rules would get wrong.
pub(crate) const NOUNS: &str = "\
child: children
man: men
woman: women
person: people
mouse: mice
goose: geese
foot: feet
tooth: teeth
louse: lice
ox: oxen
criterion: criteria
phenomenon: phenomena
analysis: analyses
thesis: theses
crisis: crises
hypothesis: hypotheses
diagnosis: diagnoses
index: indices
matrix: matrices
vertex: vertices
appendix: appendices
cactus: cacti
fungus: fungi
nucleus: nuclei
radius: radii
stimulus: stimuli
alumnus: alumni
curriculum: curricula
knife: knives
wife: wives
wolf: wolves
half: halves
shelf: shelves
self: selves
thief: thieves
loaf: loaves
calf: calves
elf: elves
scarf: scarves
bus: buses
gas: gases
lens: lenses lens
virus: viruses
bonus: bonuses
campus: campuses
status: statuses
bias: biases bias
atlas: atlases atlas
canvas: canvases canvas
alias: aliases alias
quiz: quizzes
potato: potatoes
tomato: tomatoes
hero: heroes
echo: echoes
volcano: volcanoes
mosquito: mosquitoes
torpedo: torpedoes
veto: vetoes
movie: movies
cookie: cookies
calorie: calories
pie: pies
zombie: zombies
hippie: hippies
rookie: rookies
brownie: brownies
selfie: selfies
goalie: goalies
prairie: prairies
smoothie: smoothies
auntie: aunties
genie: genies
ache: aches
cache: caches
niche: niches
headache: headaches
avalanche: avalanches
moustache: moustaches
psyche: psyches
";

/// Irregular comparatives and superlatives.
pub(crate) const ADJECTIVES: &str = "\
good: better best
bad: worse worst
far: further farther furthest farthest
little: least
";

/// Words ending in `s` that are not plurals: each is its own lemma.
pub(crate) const NOT_PLURALS: &str = "\
news series species physics mathematics economics politics ethics linguistics
always perhaps whereas thus towards afterwards sometimes besides nevertheless
chaos cosmos ethos kudos pathos thermos iris this his its hers ours yours theirs
us yes as
";
