import BenchModel
import Testing

/// A batch board: each socket's array is its own seeded draw with its own defects, numbered socket after socket.
@Suite struct BoardModelTests {
    static func design(_ id: String, dead: Int? = nil, weak: Int? = nil, overCurrentAbove: Double? = nil) -> BoardModel.SocketDesign {
        var parameters = MicroLEDArrayModel.Parameters()
        parameters.laneCount = 416
        parameters.deadLaneCount = dead
        parameters.weakLaneCount = weak
        return BoardModel.SocketDesign(id: id, parameters: parameters, dutTimeConstantSeconds: 60, overCurrentAboveCelsius: overCurrentAbove)
    }

    @Test func eachSocketHasTheDefectsItWasGiven() {
        let board = BoardModel(
            seed: 7, sockets: [Self.design("S1", dead: 0, weak: 0), Self.design("S2", dead: 17, weak: 0), Self.design("S3", dead: 0, weak: 1)])
        #expect(board.sockets.map { $0.array.lanes(ofClass: .dead).count } == [0, 17, 0])
        #expect(board.sockets.map { $0.array.lanes(ofClass: .weak).count } == [0, 0, 1])
        #expect(board.sockets.map(\.firstLane) == [0, 416, 832])
    }

    @Test func socketsWithTheSameSettingsAreDifferentArraysAndTheSameSeedIsTheSameBoard() {
        let designs = [Self.design("S1", dead: 3, weak: 2), Self.design("S2", dead: 3, weak: 2)]
        let board = BoardModel(seed: 11, sockets: designs)
        #expect(board.sockets[0].array.lanes != board.sockets[1].array.lanes)
        #expect(board.sockets[0].array.lanes(ofClass: .dead).map(\.index) != board.sockets[1].array.lanes(ofClass: .dead).map(\.index))
        #expect(BoardModel(seed: 11, sockets: designs) == board)
        #expect(BoardModel(seed: 12, sockets: designs) != board)
    }

    @Test func theCombinedArrayIsEverySocketsLanesInBoardOrder() throws {
        let board = BoardModel(seed: 5, sockets: [Self.design("S1", dead: 1, weak: 0), Self.design("S2", dead: 17, weak: 1)])
        let combined = board.combinedArray
        #expect(combined.lanes.count == 832)
        #expect(combined.lanes(ofClass: .dead).count == 18)
        let second = board.sockets[1].array
        for lane in second.lanes {
            #expect(combined.lanes[416 + lane.index].laneClass == lane.laneClass)
            #expect(combined.opticalPower(lane: 416 + lane.index, dutCelsius: 85) == second.opticalPower(lane: lane.index, dutCelsius: 85))
        }
        let place = try #require(board.socket(ofBoardLane: 420))
        #expect(place.socket == 1 && place.lane == 4)
        #expect(board.socket(ofBoardLane: 832) == nil)
    }

    @Test func overCurrentIsTheSocketsOwnAboveItsThreshold() {
        let board = BoardModel(seed: 3, sockets: [Self.design("S1"), Self.design("S4", overCurrentAbove: 105)])
        #expect(!board.sockets[0].drawsOverCurrent(atCelsius: 125))
        #expect(!board.sockets[1].drawsOverCurrent(atCelsius: 85))
        #expect(board.sockets[1].drawsOverCurrent(atCelsius: 105.5))
    }
}
