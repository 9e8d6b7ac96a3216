package gensee

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gensee-go/gensee/internal/form"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requestTypes are the types the SDK's endpoint methods send as params.
var requestTypes = []reflect.Type{
	reflect.TypeFor[CreateRoomRequest](), reflect.TypeFor[ModifyRoomRequest](), reflect.TypeFor[roomIDParam](),
	reflect.TypeFor[TelConfRequest](), reflect.TypeFor[RoomSyncOptions](), reflect.TypeFor[StudentListRequest](),
	reflect.TypeFor[relayParams](),
	reflect.TypeFor[coursewareIDParam](), reflect.TypeFor[ModifyCoursewareRequest](), reflect.TypeFor[SyncOptions](),
	reflect.TypeFor[TranscodeDocumentRequest](), reflect.TypeFor[TranscodeMediaRequest](), reflect.TypeFor[viewCountParam](),
	reflect.TypeFor[recordListParams](), reflect.TypeFor[grIDParam](), reflect.TypeFor[docParams](),
	reflect.TypeFor[CreateWarmupRequest](), reflect.TypeFor[ModifyWarmupRequest](), reflect.TypeFor[warmupParams](),
	reflect.TypeFor[TeacherRequest](),
	reflect.TypeFor[ExportOptions](), reflect.TypeFor[PagedExportOptions](), reflect.TypeFor[StudyHistoryOptions](),
	reflect.TypeFor[RoomUsageOptions](), reflect.TypeFor[dateRange](),
	reflect.TypeFor[CreateFamousRoomRequest](), reflect.TypeFor[ModifyFamousRoomRequest](), reflect.TypeFor[famousClasses](),
	reflect.TypeFor[createFamousRoomForm](), reflect.TypeFor[modifyFamousRoomForm](),
	reflect.TypeFor[famousIDParam](), reflect.TypeFor[renameTutorialForm](),
	reflect.TypeFor[createGroupsForm](), reflect.TypeFor[addGroupForm](), reflect.TypeFor[updateGroupForm](),
	reflect.TypeFor[deleteGroupForm](),
	reflect.TypeFor[CreateMiniRoomRequest](), reflect.TypeFor[ModifyMiniRoomRequest](), reflect.TypeFor[studentStatsForm](),
	reflect.TypeFor[miniRoomPageForm](),
}

// TestOneFormEncoder: every SDK request type is written by internal/form's
// cached encoder, none falls back to go-querystring (which stays for the
// users' own Call params). The list above is checked against the source:
// every struct with url tags in the package's non-test files is on it.
func TestOneFormEncoder(t *testing.T) {
	for _, rt := range requestTypes {
		assert.True(t, form.Native(rt), "%s falls back to go-querystring", rt.Name())
	}

	fset := token.NewFileSet()
	tagged := map[string]bool{}
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				return true
			}
			for _, fld := range st.Fields.List {
				if fld.Tag != nil && strings.Contains(fld.Tag.Value, `url:"`) {
					tagged[ts.Name.Name] = true
				}
			}
			return true
		})
	}
	listed := make([]string, 0, len(requestTypes))
	for _, rt := range requestTypes {
		listed = append(listed, rt.Name())
	}
	for name := range tagged {
		assert.True(t, slices.Contains(listed, name), "%s has url tags but is not in requestTypes", name)
	}
}
