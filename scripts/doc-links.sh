#!/usr/bin/env bash
# Finds links of the generated docs that rendered as text: an intra-doc link that rustdoc did
# not resolve and did not warn about either (for instance `[Stream]` in a doc comment written
# inside a macro such as `pin_project!`, which rustdoc shows as the literal text "[Stream]").
# Scans the HTML that `cargo doc -p pygen -p pygen-macros --no-deps` wrote for
#
#   [<code>Name</code>]   a [`Name`] link left as text
#   [Name]                a [Name] link left as text (outside code: `#[generator]` is fine)
#
# where Name looks like a Rust path (`Gen`, `Gen::resume`, `yield_!`, `fn()`), and prints each
# with its item, the section of the page (the nearest HTML id before it) and the file.
# Run by scripts/test.sh after the rustdoc step; run it alone after that `cargo doc`.
set -euo pipefail
cd "$(dirname "$0")/.."

doc=${CARGO_TARGET_DIR:-target}/doc
pages=()
for crate in pygen pygen_macros; do
    [[ -d $doc/$crate ]] || {
        echo "    FAILED: $doc/$crate does not exist: run cargo doc -p pygen -p pygen-macros --no-deps first"
        exit 1
    }
    while IFS= read -r -d '' page; do pages+=("$page"); done < <(find "$doc/$crate" -name '*.html' -print0 | sort -z)
done

perl -e '
    my $path = qr/[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*(?:!|\(\))?/;
    my ($findings, $scanned) = (0, 0);
    for my $file (@ARGV) {
        open my $fh, "<", $file or die "$file: $!";
        my $html = do { local $/; <$fh> };
        close $fh;
        $scanned++;
        # What a reader sees as prose: blank out (keeping every offset) scripts, code blocks and
        # signatures, then find [<code>..</code>] before blanking inline code and other tags.
        my $text = $html;
        $text =~ s{(<(script|pre|head)\b.*?</\2>)}{" " x length $1}gse;
        # Signatures (fn hash_slice(data: &[Self], ..)) are code too.
        $text =~ s{(<(h[1-6])\b[^>]*\bclass="code-header".*?</\2>)}{" " x length $1}gse;
        my @found;
        while ($text =~ m{\[<code>($path)</code>\]}g) { push @found, [$-[0], "[`$1`]"] }
        $text =~ s{(<code\b.*?</code>)}{" " x length $1}gse;
        $text =~ s{(<[^>]*>)}{" " x length $1}gse;
        while ($text =~ m{\[($path)\]}g) { push @found, [$-[0], "[$1]"] }
        for my $hit (sort { $a->[0] <=> $b->[0] } @found) {
            my ($at, $link) = @$hit;
            my $before = substr $html, 0, $at;
            # The nearest anchor of an item part (method.resume, structfield.x, impl-..) or of
            # the list of a module page (structs, traits, ..); before any, in the docs of the item itself.
            my $section = "in the docs of the item itself";
            while ($before =~ /\bid="([^"]+)"/g) {
                my $id = $1;
                $section = "at #$id" if $id =~ /\.|^impl-|^(?:modules|structs|enums|traits|macros|functions|attributes|reexports|types|constants)$/;
            }
            (my $item = $file) =~ s{^.*?/doc/}{};
            $item =~ s{/index\.html$}{};
            $item =~ s{/(\w+)\.(\w+)\.html$}{::$2 ($1)};
            $item =~ s{/}{::}g;
            printf "    unresolved link %s in %s, %s (%s)\n", $link, $item, $section, $file;
            $findings++;
        }
    }
    if ($findings) {
        print "    FAILED: $findings link(s) rendered as literal text in the docs of pygen and pygen-macros:",
              " write them so that rustdoc resolves them (outside macro bodies, or as [`Name`](path))\n";
        exit 1;
    }
    print "    $scanned pages of the docs of pygen and pygen-macros: no link rendered as literal text\n";
' "${pages[@]}"
