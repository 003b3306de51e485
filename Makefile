# SpeechDoc — one command to see it work, one to check it.
#   make run    install what is missing, build, convert Samples/ into out/ in every format
#               (PDF=1: also install LibreOffice and the stand-in fonts, and write out/pdf/)
#   make test   install what the tests need, build, run every test and validator
#   make bench  speed and memory figures (release build)
#   make fuzz   libFuzzer with AddressSanitizer for FUZZ_SECONDS (default 600)
#   make eval   the reader on the annotated corpus and the seeds (../shared/corpus/score.py)
#   make eval-wrapped   the same corpus pages read from HTML and DOCX wrappings
#   RECORD_GOLDENS=1 make test   rewrites Tests/GoldenTests/Goldens from the current outputs
#                                (review the diff before committing it)
#   make properties   the property tests from fresh random seeds (make test runs fixed ones)
#   make install      release build, installed as $(PREFIX)/bin/speechdoc and speechdoc-serve (PREFIX=/usr/local)

SWIFT      ?= swift
BUILD_DIR  ?= .build
PREFIX     ?= /usr/local
BIN         = $(BUILD_DIR)/debug/speechdoc
# Build needs: the C libraries SpeechDoc wraps, and pkg-config to find them.
RUN_PACKAGES  = pkg-config libxml2-dev libzip-dev libopencc-dev libicu-dev
# PDF (--to pdf, check --render): LibreOffice lays the Word file out, with free stand-ins for
# the official fonts (Styles/fonts.conf) and fontconfig's fc-match to name them.
PDF_PACKAGES  = libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai fonts-liberation fontconfig poppler-utils
ifeq ($(PDF),1)
RUN_PACKAGES += $(PDF_PACKAGES)
endif
# Tests also read our output back with pandoc, validate XML with xmllint, and render DOCX
# with LibreOffice (CJK stand-in fonts) to check the pages with poppler's pdftotext; the
# review page (serve) is driven in Chromium through chromedriver and in Firefox through its
# own Marionette socket (Debian has no geckodriver), its API through curl. The README's shard
# recipes run for real: GNU parallel, and a Slurm job array on a single-node Slurm (with munge)
# that the test starts on this machine.
TEST_PACKAGES = $(RUN_PACKAGES) $(PDF_PACKAGES) pandoc libxml2-utils epubcheck python3 opencc unzip zip curl \
                chromium chromium-driver firefox-esr parallel slurm-wlm munge
SAMPLES    := $(wildcard Samples/*.txt)
FUZZ_SECONDS ?= 600
# The fuzz smoke run in `make test`.
FUZZ_SMOKE_SECONDS ?= 30

SHARED     ?= ../shared
# Release builds link the Swift runtime and Foundation into each program: an installed speechdoc
# needs none of the toolchain's libraries, and a process starts without resolving symbols across
# a dozen shared libraries (a small convert in about two thirds of the time; docs/speed-log.md).
RELEASE    = -c release --static-swift-stdlib

.PHONY: all build run test bench fuzz eval eval-wrapped properties install deps-run deps-test clean check-swift

all: build

check-swift:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "speechdoc: no Swift toolchain on PATH (Swift 6 is needed; it is not a Debian package)" >&2; exit 1; }

deps-run:
	@scripts/ensure-packages.sh $(RUN_PACKAGES)

deps-test:
	@scripts/ensure-packages.sh $(TEST_PACKAGES)

build: check-swift deps-run
	$(SWIFT) build --scratch-path $(BUILD_DIR)

run: build
	@mkdir -p out
	@for format in $$($(BIN) formats 2>/dev/null || echo md); do \
	    echo "speechdoc: Samples/ → out/$$format/"; \
	    $(BIN) convert $(SAMPLES) --to $$format -o out/$$format/ || exit $$?; \
	done
	@ls -1 out/*/

test: check-swift deps-test
	$(SWIFT) build --scratch-path $(BUILD_DIR) --build-tests
	$(SWIFT) test --scratch-path $(BUILD_DIR) --skip-build
	scripts/fuzz.sh $(FUZZ_SMOKE_SECONDS)

fuzz: check-swift deps-run
	scripts/fuzz.sh $(FUZZ_SECONDS)

# Release build; generates its own corpus from Samples/ (2,000 speeches of 5–25 KB and one
# 5 MB file) and prints speeches/s, MB/s and peak RSS per stage, and pandoc for comparison.
bench: check-swift deps-test
	$(SWIFT) build $(RELEASE) --scratch-path $(BUILD_DIR)
	$(BUILD_DIR)/release/speechdoc-bench --readme README.md

# Release build; prints both lines of the corpus scorer: the 80 annotated pages, then the seeds.
eval: check-swift deps-test
	$(SWIFT) build $(RELEASE) --scratch-path $(BUILD_DIR) --product speechdoc
	@test -f $(SHARED)/corpus/score.py || { echo "speechdoc: $(SHARED)/corpus is absent: nothing to score" >&2; exit 1; }
	@python3 $(SHARED)/corpus/score.py $(BUILD_DIR)/release/speechdoc pages $(SHARED)/corpus/manifest.json $(SHARED)/corpus/pages | tail -n 1
	@python3 $(SHARED)/corpus/score.py $(BUILD_DIR)/release/speechdoc seeds $(SHARED)/seeds/expected $(SHARED)/seeds | tail -n 1

# The same annotated pages read from a minimal web page and from a Word document wrapping each
# line (scripts/wrapped-input.py stands in for the binary): the reader's floors must hold there.
eval-wrapped: check-swift deps-test
	$(SWIFT) build $(RELEASE) --scratch-path $(BUILD_DIR) --product speechdoc
	@test -f $(SHARED)/corpus/score.py || { echo "speechdoc: $(SHARED)/corpus is absent: nothing to score" >&2; exit 1; }
	@for wrap in html docx; do printf '%s ' $$wrap; SPEECHDOC_BIN=$(BUILD_DIR)/release/speechdoc SPEECHDOC_WRAP=$$wrap \
	    python3 $(SHARED)/corpus/score.py scripts/wrapped-input.py pages $(SHARED)/corpus/manifest.json $(SHARED)/corpus/pages | tail -n 1; done

# The property tests from fresh random seeds; a failure names its seed (add it to
# PropertySeeds.regressions once fixed).
properties: check-swift deps-test
	$(SWIFT) build --scratch-path $(BUILD_DIR) --build-tests
	SPEECHDOC_PROPERTY_SEEDS=random $(SWIFT) test --scratch-path $(BUILD_DIR) --skip-build --filter 'ReliabilityTests|noPlanEverReplacesAnInput'

# The release binaries on PATH, the Swift runtime built in: they need none of the toolchain's libraries.
install: check-swift deps-run
	$(SWIFT) build $(RELEASE) --scratch-path $(BUILD_DIR) --product speechdoc
	$(SWIFT) build $(RELEASE) --scratch-path $(BUILD_DIR) --product speechdoc-serve
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD_DIR)/release/speechdoc $(DESTDIR)$(PREFIX)/bin/speechdoc
	install -m 755 $(BUILD_DIR)/release/speechdoc-serve $(DESTDIR)$(PREFIX)/bin/speechdoc-serve
	@echo "installed $(DESTDIR)$(PREFIX)/bin/speechdoc"

clean:
	rm -rf out
