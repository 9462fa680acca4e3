#!/bin/sh
# Keeps STYLE.md §1 true: which folder may include which of ours.
top=${1:-.}
fail=0
check() {	# folder, forbidden include prefix regex
	hits=$(grep -rnE "^#include \"($2)" "$top/$1" 2>/dev/null)
	if [ -n "$hits" ]; then
		echo "include rule broken: $1 must not include $2"; echo "$hits"; fail=1
	fi
}
check src/common 'wire/|psa/|daemon/|keystore/|providers/|client/|cli/|identity/|fleet/'
check src/wire 'daemon/|keystore/|providers/|client/|cli/|identity/|fleet/|openssl/'
check src/psa 'wire/|daemon/|keystore/|providers/|client/|cli/|identity/|fleet/'
check src/keystore 'wire/|daemon/|providers/|client/|cli/'
check src/providers 'wire/|daemon/|keystore/|client/|cli/'
check src/client 'daemon/|keystore/|providers/'
check src/cli 'daemon/|keystore/|providers/'
check src/identity 'daemon/|keystore/|providers/'
check src/fleet 'daemon/|keystore/|providers/'
grep -rnE '#include <(openssl|sqlite3|tss2)' "$top/src/wire" "$top/src/psa" "$top/src/common" && { echo "pure folders must not use OpenSSL/SQLite/TSS"; fail=1; }
[ $fail = 0 ] && echo "include rules: ok"
exit $fail
